import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Linux's clock ticks per second, in which /proc gives CPU time. */
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** The processes whose CPU time a benchmark divides its figures by. */
export interface CpuTimeSources {
  /** The embedded database's folder: its server (`postgres/postmaster.pid`) and every process it started. */
  dataDir: string;
  /** Another process (the simulator), with its children. */
  simulatorPid: number;
}

export interface CpuSeconds {
  beacon: number;
  postgres: number;
  simulator: number;
}

/**
 * CPU seconds (user and system) used so far by this process, by the database's server and its processes,
 * and by the simulator, from /proc (Linux). A process that ended is no longer counted (an autovacuum
 * worker that finished between two readings): the database's figure is a floor.
 */
export function cpuSeconds({ dataDir, simulatorPid }: CpuTimeSources): CpuSeconds {
  const processes = readProcesses();
  const postmaster = Number(
    readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0],
  );
  const usage = process.cpuUsage();
  return {
    beacon: (usage.user + usage.system) / 1e6,
    postgres: treeSeconds(processes, postmaster),
    simulator: treeSeconds(processes, simulatorPid),
  };
}

/** What was used between two readings. */
export function cpuBetween(before: CpuSeconds, after: CpuSeconds): CpuSeconds {
  return {
    beacon: after.beacon - before.beacon,
    postgres: after.postgres - before.postgres,
    simulator: after.simulator - before.simulator,
  };
}

interface ProcessTimes {
  parent: number;
  seconds: number;
}

function readProcesses(): Map<number, ProcessTimes> {
  const processes = new Map<number, ProcessTimes>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // After the command's closing parenthesis: state, parent, …, utime (12th), stime (13th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      processes.set(Number(entry), {
        parent: Number(fields[1]),
        seconds: (Number(fields[11]) + Number(fields[12])) / TICKS,
      });
    } catch {
      // It ended while the list was read.
    }
  }
  return processes;
}

function treeSeconds(processes: Map<number, ProcessTimes>, root: number): number {
  let seconds = processes.get(root)?.seconds ?? 0;
  for (const [pid, { parent }] of processes) if (parent === root) seconds += treeSeconds(processes, pid);
  return seconds;
}
