import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { DocumentNode } from 'graphql';

/** Distinct subscription documents kept (the page has two): a client sending new ones only rotates them. */
const MAX_DOCUMENTS = 100;

/**
 * Mercurius parses each subscription's document and keeps it, locations and tokens included, for as long as
 * the subscription runs: about 35 KB for the page's two, on every connection. Subscriptions of one text
 * share one parsed tree instead: before a subscription executes, its document's nodes take the children and
 * locations of the first one parsed from the same text (the same text parses to the same tree), and what
 * was parsed for it is garbage at once.
 */
@Injectable()
export class SharedDocuments implements OnApplicationBootstrap {
  private readonly parsed = new Map<string, DocumentNode>();

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.graphql.addHook('preSubscriptionExecution', (_schema, document) => this.share(document));
  }

  /** How many parsed documents are kept. */
  get size(): number {
    return this.parsed.size;
  }

  /** Called by the hook for every subscription, before it executes. */
  share(document: DocumentNode): void {
    const source = document.loc?.source.body;
    if (source === undefined) return;
    const first = this.parsed.get(source);
    if (!first) {
      if (this.parsed.size >= MAX_DOCUMENTS) this.parsed.delete(this.parsed.keys().next().value!);
      this.parsed.set(source, document);
      return;
    }
    // In place: Mercurius also holds this parse's operation node itself. Each node takes the first parse's
    // children and location, and the rest of this parse (its subtrees, its tokens) is garbage.
    document.definitions.forEach((definition, i) => Object.assign(definition, first.definitions[i]));
    (document as { loc: DocumentNode['loc'] }).loc = first.loc;
  }
}
