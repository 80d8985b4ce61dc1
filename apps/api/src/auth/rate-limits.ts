import { BEACON_CONFIG, type BeaconConfig } from '#config';
import rateLimit from '@fastify/rate-limit';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api.error.js';
import type { Principal } from './principal.js';

// @fastify/rate-limit adds `rateLimit` to every route's `config` type, which would make the type closed to
// the other keys routes are labelled with (the simulator's `endpoint`): keep it open, as Fastify has it.
declare module 'fastify' {
  interface FastifyContextConfig {
    [key: string]: unknown;
  }
}

/** `isAllowed` means "on the allow list"; `isExceeded` is the verdict. */
type Limiter = (
  request: FastifyRequest,
) => Promise<{ isAllowed: boolean; isExceeded?: boolean; ttlInSeconds?: number }>;
type WithLimiters = FastifyInstance & { createRateLimit(options: object): Limiter };

const WINDOW_MS = 60_000;

/**
 * `RATE_LIMIT_PER_ADDRESS` GraphQL requests a minute from one client address (every request, before its
 * key is checked, so that guessing keys is slow too) and `RATE_LIMIT_PER_KEY` for one key, counted by
 * @fastify/rate-limit in this process. Past either: HTTP 429, `Retry-After`, RATE_LIMITED.
 */
@Injectable()
export class RateLimits implements OnModuleInit {
  private perAddress: Limiter | null = null;
  private perKey: Limiter | null = null;

  constructor(
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async onModuleInit(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter.getInstance<WithLimiters>();
    // Not global: only the routes that call the limiters below are limited.
    await fastify.register(rateLimit, { global: false });
    const { rateLimitPerAddress, rateLimitPerKey } = this.config.access;
    if (rateLimitPerAddress > 0) {
      this.perAddress = fastify.createRateLimit({
        max: rateLimitPerAddress,
        timeWindow: WINDOW_MS,
        keyGenerator: (request: FastifyRequest) => `address:${request.ip}`,
      });
    }
    if (rateLimitPerKey > 0) {
      this.perKey = fastify.createRateLimit({
        max: rateLimitPerKey,
        timeWindow: WINDOW_MS,
        keyGenerator: (request: FastifyRequest) => `key:${(request as LimitedRequest)[KEY]}`,
      });
    }
  }

  async checkAddress(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (this.perAddress) await enforce(this.perAddress, request, reply, 'this address');
  }

  async checkKey(request: FastifyRequest, reply: FastifyReply, principal: Principal): Promise<void> {
    if (!this.perKey) return;
    (request as LimitedRequest)[KEY] = principal.id;
    await enforce(this.perKey, request, reply, 'this key');
  }
}

const KEY = Symbol('rateLimitKey');
type LimitedRequest = FastifyRequest & { [KEY]?: string };

async function enforce(limiter: Limiter, request: FastifyRequest, reply: FastifyReply, whose: string) {
  const verdict = await limiter(request);
  if (verdict.isAllowed || !verdict.isExceeded) return;
  const seconds = Math.max(1, verdict.ttlInSeconds ?? 1);
  reply.header('retry-after', String(seconds));
  throw new ApiError('RATE_LIMITED', `too many requests from ${whose}: try again in ${seconds} s`, 429, {
    retryAfterSeconds: seconds,
  });
}
