import type { ChildProcess } from 'node:child_process';

/** The memory of a Beacon server process (bench/api/beacon.server.ts) once it has collected its garbage. */
export function memoryOf(server: ChildProcess): Promise<NodeJS.MemoryUsage> {
  return new Promise((resolve) => {
    const listener = (message: { memory?: NodeJS.MemoryUsage }) => {
      if (!message.memory) return;
      server.off('message', listener);
      resolve(message.memory);
    };
    server.on('message', listener);
    server.send({ type: 'memory' });
  });
}
