import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import type { WebSocket, WebSocketServer } from 'ws';

/**
 * The WebSocket of each subscription's connection, found by the upgrade request Mercurius puts in the
 * subscription's context (`context.request`): live events are written to it directly, so that the bytes
 * of one event are built once for all the subscribers that asked for the same thing (see live-group.ts).
 * Keyed weakly by the connection's network socket: a closed connection's entry goes with it.
 */
@Injectable()
export class SubscriberSockets {
  private readonly sockets = new WeakMap<Socket, WebSocket>();
  private readonly watched = new WeakSet<WebSocketServer>();

  /** The socket of the connection that sent `request`. */
  of(request: FastifyRequest | undefined): WebSocket | undefined {
    if (!request) return undefined;
    // Mercurius registers @fastify/websocket in its own encapsulated context: the route's `server` has it.
    const server = (request.server as { websocketServer?: WebSocketServer }).websocketServer;
    if (server && !this.watched.has(server)) this.watch(server);
    return this.sockets.get(request.raw.socket);
  }

  private watch(server: WebSocketServer): void {
    this.watched.add(server);
    server.on('connection', (socket: WebSocket, request: FastifyRequest['raw']) =>
      this.sockets.set(request.socket, socket),
    );
    // The connections accepted before the first subscription got here: ws keeps each one's network socket.
    for (const socket of server.clients) {
      this.sockets.set((socket as unknown as { _socket: Socket })._socket, socket);
    }
  }
}
