import {
  type DocumentNode,
  execute,
  type ExecutionResult,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  Kind,
  print,
} from 'graphql';
import type { WebSocket } from 'ws';
import { viewOf } from '../cache/read-cache.policy.js';
import type { GraphqlContext } from '../graphql/graphql.context.js';
import type { TenantScope } from '../tenants/tenant-scope.type.js';

/**
 * A socket holding more than this unsent is not keeping up (a stalled client, or one on a link far
 * slower than the events): it is closed, and a graphql-ws client reconnects and reads the current state,
 * rather than the process buffering events for it without end.
 */
export const MAX_UNSENT_BYTES = 8 * 1024 * 1024;

/** Formats an event's errors as every GraphQL answer's (GraphqlErrorFormatter). */
export type FormatErrors = (result: ExecutionResult, context: GraphqlContext) => unknown;

/** One subscription of one connection. */
export interface LiveSubscriber {
  readonly socket: WebSocket;
  /** The start of each of its messages, up to its payload: `{"type":"next","id":<its id>,"payload":`. */
  readonly prefix: string;
  readonly context: GraphqlContext;
}

/** The start of a subscription's event messages, in the connection's protocol (Mercurius speaks both). */
export function messagePrefix(socket: WebSocket, id: string | number): string {
  const type = socket.protocol === 'graphql-ws' ? 'data' : 'next';
  return `{"type":"${type}","id":${JSON.stringify(id)},"payload":`;
}

/**
 * What makes two subscribers get the same bytes: the same document, operation and variables, the same
 * tenant view of the event, and the same key's view (its role and tenants: `tenantIds` shows only the
 * tenants the key reads).
 */
export function groupKey(info: GraphQLResolveInfo, context: GraphqlContext, scope: TenantScope): string {
  const source = info.operation.loc?.source.body ?? print(documentOf(info));
  return JSON.stringify([source, info.operation.name?.value, info.variableValues, scope, viewOf(context)]);
}

function documentOf(info: GraphQLResolveInfo): DocumentNode {
  return { kind: Kind.DOCUMENT, definitions: [info.operation, ...Object.values(info.fragments)] };
}

/**
 * The subscribers that asked for the same thing (see `groupKey`): an event is executed once for all of
 * them, with the first one's context, serialised once, and the same payload written to each socket
 * behind its own subscription id.
 */
export class LiveGroup {
  readonly members = new Set<LiveSubscriber>();
  private readonly schema: GraphQLSchema;
  private readonly document: DocumentNode;
  private readonly variables: Record<string, unknown>;
  private readonly operationName: string | undefined;

  constructor(
    readonly scope: TenantScope,
    info: GraphQLResolveInfo,
  ) {
    this.schema = info.schema;
    this.document = documentOf(info);
    this.variables = info.variableValues;
    this.operationName = info.operation.name?.value;
  }

  async send(event: unknown, formatErrors: FormatErrors): Promise<void> {
    const [first] = this.members;
    if (!first) return;
    const result = await execute({
      schema: this.schema,
      document: this.document,
      rootValue: event,
      contextValue: first.context,
      variableValues: this.variables,
      operationName: this.operationName,
    });
    const payload = JSON.stringify(result.errors?.length ? formatErrors(result, first.context) : result);
    for (const member of this.members) this.write(member, payload);
  }

  private write(member: LiveSubscriber, payload: string): void {
    const { socket, prefix } = member;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_UNSENT_BYTES) {
      // Let go at once: its close frame waits behind what it has not read, and so does the end of its
      // subscription (Mercurius ends it when the connection has closed).
      this.members.delete(member);
      return socket.close(1013, 'too slow for live events');
    }
    socket.send(prefix + payload + '}');
  }
}
