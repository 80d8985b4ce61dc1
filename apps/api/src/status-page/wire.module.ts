import compress from '@fastify/compress';
import etag from '@fastify/etag';
import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { constants } from 'node:zlib';

/** Answers smaller than this are sent as they are: compressing them saves less than it costs. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/**
 * Cheap on the wire, for every answer (GraphQL GETs, the page's files): an ETag computed from the bytes of
 * the answer, and 304 when the client already holds them, then compression (br or gzip) of what is large.
 * The ETag is weak because the bytes sent differ by encoding; being a hash of what the caller was
 * answered, it can never match what another key or tenant view was answered unless the bytes are equal.
 * Brotli at quality 4: Beacon's answers are made per request, and its default (11) costs tens of times
 * the CPU for a few percent.
 */
@Module({})
export class WireModule implements OnModuleInit {
  private readonly registered: Promise<unknown>;

  constructor(adapterHost: HttpAdapterHost) {
    const fastify = adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Queued here, when Nest builds the modules, not in onModuleInit: @fastify/compress hooks into routes
    // as they are declared, and GraphQL's are declared in an onModuleInit that runs before this module's.
    // The ETag's hook first: it hashes the answer before compression replaces it with a stream.
    this.registered = Promise.all([
      fastify.register(etag, { weak: true }),
      fastify.register(compress, {
        threshold: COMPRESSION_THRESHOLD_BYTES,
        encodings: ['br', 'gzip'],
        brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
        // Compressed request bodies would be a way around the body limit, and no client needs them.
        globalDecompression: false,
      }),
    ]);
  }

  async onModuleInit(): Promise<void> {
    await this.registered;
  }
}
