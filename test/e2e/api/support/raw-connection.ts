import { connect, type NetConnectOpts, type Socket } from 'node:net';
import WebSocket from 'ws';

/**
 * One graphql-transport-ws connection, speaking the protocol by hand to keep each message's exact text.
 * Its network socket is the test's: `stopReading()` leaves what the server sends unread, as a stalled
 * client (a frozen tab, a link far slower than the events) does.
 */
export class RawConnection {
  readonly messages: string[] = [];
  /** The close code the server sent, once the connection is closed. */
  closeCode: number | undefined;

  private constructor(
    readonly socket: WebSocket,
    private readonly network: Socket,
  ) {
    socket.on('message', (data) => this.messages.push(String(data)));
    socket.once('close', (code) => (this.closeCode = code));
  }

  /** `initialise: false` leaves the connection unacknowledged (no `connection_init`). */
  static async open(httpUrl: string, initialise = true): Promise<RawConnection> {
    let network: Socket | undefined;
    const socket = new WebSocket(`${httpUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', {
      createConnection: ((options: NetConnectOpts) => (network = connect(options))) as typeof connect,
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const connection = new RawConnection(socket, network!);
    if (!initialise) return connection;
    connection.send({ type: 'connection_init', payload: {} });
    await until(() => connection.messages.some((text) => text.includes('"connection_ack"')), 'acknowledged');
    return connection;
  }

  send(message: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(message));
  }

  subscribe(id: string, query: string, tenantId: string): void {
    this.send({ id, type: 'subscribe', payload: { query, variables: { tenantId } } });
  }

  /** The exact payload text of the last `next` message of subscription `id` that contains `marker`. */
  payload(id: string, marker: string): string | undefined {
    const prefix = `{"type":"next","id":${JSON.stringify(id)},"payload":`;
    const text = this.messages.findLast((message) => message.startsWith(prefix) && message.includes(marker));
    return text?.slice(prefix.length, -1);
  }

  /** The messages of subscription `id` (parsed) of the given type. */
  received(id: string, type: string): Array<{ payload?: unknown }> {
    return this.messages
      .map((text) => JSON.parse(text) as { id?: string; type: string; payload?: unknown })
      .filter((message) => message.id === id && message.type === type);
  }

  stopReading(): void {
    this.network.pause();
  }

  readAgain(): void {
    this.network.resume();
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    this.readAgain();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

export async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
