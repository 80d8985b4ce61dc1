import WebSocket from 'ws';

/**
 * A process of the live benchmark's audience: `count` WebSockets speaking graphql-transport-ws, each with
 * the status page's two subscriptions, noting when each event arrives. Driven by the parent over IPC.
 */
export type ClientsRequest =
  | { type: 'open'; url: string; count: number; subscriptions: Record<string, string> }
  | { type: 'heard'; subscription: string; key: string; since: number }
  | { type: 'report'; events: Array<{ subscription: string; key: string; since: number }> }
  | { type: 'close' };

export type ClientsAnswer =
  | { type: 'opened'; connected: number; failures: string[] }
  | { type: 'heard'; clients: number }
  | { type: 'report'; arrivals: number[][] };

/** What one connection heard: subscription id, the changed row's id, when (ms since the epoch). */
interface Heard {
  subscription: string;
  key: string;
  at: number;
}

const now = () => performance.timeOrigin + performance.now();
const IN_FLIGHT = 100;
const sockets: WebSocket[] = [];
const heard: Heard[][] = [];

function open(url: string, subscriptions: Record<string, string>): Promise<void> {
  const log: Heard[] = [];
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    const timer = setTimeout(() => reject(new Error('no connection_ack within 60 s')), 60_000);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('error', (error) => reject(error));
    socket.on('close', (code) => reject(new Error(`closed with ${code}`)));
    socket.on('message', (raw: Buffer) => {
      const at = now();
      const message = JSON.parse(raw.toString('utf8')) as {
        type: string;
        id?: string;
        payload?: { data?: Record<string, { id: string }>; errors?: unknown };
      };
      if (message.type === 'connection_ack') {
        clearTimeout(timer);
        for (const [id, query] of Object.entries(subscriptions)) {
          socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables: {} } }));
        }
        sockets.push(socket);
        heard.push(log);
        resolve();
      } else if (message.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      } else if (message.type === 'next' && message.payload?.data) {
        const [value] = Object.values(message.payload.data);
        if (value) log.push({ subscription: message.id!, key: value.id, at });
      } else if (message.type === 'error' || message.payload?.errors) {
        process.stderr.write(`subscription error: ${JSON.stringify(message.payload).slice(0, 300)}\n`);
      }
    });
  });
}

const firstArrival = (log: Heard[], subscription: string, key: string, since: number) =>
  log.find((entry) => entry.subscription === subscription && entry.key === key && entry.at >= since)?.at;

process.on('message', async (request: ClientsRequest) => {
  const answer = (message: ClientsAnswer) => process.send!(message);
  switch (request.type) {
    case 'open': {
      const failures: string[] = [];
      let next = 0;
      const worker = async () => {
        while (next < request.count) {
          next += 1;
          await open(request.url, request.subscriptions).catch((error: unknown) => {
            failures.push(String(error));
          });
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      answer({ type: 'opened', connected: sockets.length, failures: failures.slice(0, 5) });
      break;
    }
    case 'heard': {
      const { subscription, key, since } = request;
      const clients = heard.filter((log) => firstArrival(log, subscription, key, since) !== undefined).length;
      answer({ type: 'heard', clients });
      break;
    }
    case 'report': {
      const arrivals = request.events.map(({ subscription, key, since }) =>
        heard.flatMap((log) => firstArrival(log, subscription, key, since) ?? []),
      );
      answer({ type: 'report', arrivals });
      break;
    }
    case 'close':
      for (const socket of sockets) socket.terminate();
      process.exit(0);
  }
});
