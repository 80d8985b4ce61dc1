import negotiate from '@fastify/accept-negotiator';
import compress from '@fastify/compress';
import etag from '@fastify/etag';
import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Answers smaller than this are sent as they are: compressing them saves less than it costs. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

const ENCODINGS = ['br', 'gzip'] as const;
export type Encoding = (typeof ENCODINGS)[number];

const BROTLI_OPTIONS = { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } };

/** The hash an ETag is made of (SHA-1 of the answer's bytes, @fastify/etag's default). */
const answerHash = (payload: string | Buffer) => createHash('sha1').update(payload).digest('base64');

/** The ETag the wire gives these bytes: the response cache makes it once per answer kept. */
export const etagOf = (payload: string | Buffer): string => `W/"${answerHash(payload)}"`;

/**
 * The encoding @fastify/compress would choose for this request (its aliases: `*` and `x-gzip` are gzip),
 * or null: the bytes as they are.
 */
export function encodingFor(request: FastifyRequest): Encoding | null {
  const accepted = request.headers['accept-encoding'];
  if (!accepted) return null;
  const encoding = negotiate(accepted.toLowerCase().replace(/\*|x-gzip/gu, 'gzip'), [...ENCODINGS]);
  return encoding === 'br' || encoding === 'gzip' ? encoding : null;
}

/** Bytes compressed as the wire compresses them. */
export function encode(bytes: Buffer, encoding: Encoding): Buffer {
  return encoding === 'br' ? brotliCompressSync(bytes, BROTLI_OPTIONS) : gzipSync(bytes);
}

/**
 * The ETag's hook, then compression, on every route declared after this call. The ETag's hook first: it
 * hashes the answer before compression replaces it. An answer that already carries an ETag and a
 * Content-Encoding (the response cache's, made once per answer kept) is sent as it is.
 */
export function registerWire(fastify: FastifyInstance): Promise<unknown> {
  return Promise.all([
    fastify.register(etag, { weak: true, hashFn: answerHash }),
    fastify.register(compress, {
      threshold: COMPRESSION_THRESHOLD_BYTES,
      encodings: [...ENCODINGS],
      brotliOptions: BROTLI_OPTIONS,
      // Compressed request bodies would be a way around the body limit, and no client needs them.
      globalDecompression: false,
    }),
  ]);
}

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
    // Queued here, when Nest builds the modules, not in onModuleInit: @fastify/compress hooks into routes
    // as they are declared, and GraphQL's are declared in an onModuleInit that runs before this module's.
    this.registered = registerWire(adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }

  async onModuleInit(): Promise<void> {
    await this.registered;
  }
}
