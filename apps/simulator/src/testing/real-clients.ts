import http from 'node:http';
import tls from 'node:tls';
import { Client } from '@microsoft/microsoft-graph-client';
import Parser from 'rss-parser';
import { TwitterApi } from 'twitter-api-v2';
import type { RunningSimulator } from '../simulator.js';

/**
 * The real client libraries, pointed at a running simulator the way Beacon points them (upstreams.md,
 * STACK.md): the specs prove the simulator against what those libraries expect, not against itself.
 */

/** Trusts the simulator's certificate in this process, as NODE_EXTRA_CA_CERTS does for a new one. */
export function trustSimulatorCertificate(simulator: RunningSimulator): () => void {
  const before = tls.getCACertificates('default');
  tls.setDefaultCACertificates([...before, simulator.caCert]);
  return () => tls.setDefaultCACertificates(before);
}

export async function fetchGraphToken(
  simulator: RunningSimulator,
  tenant: { id: string; clientId: string; clientSecret: string },
): Promise<Response> {
  return fetch(`${simulator.urls.graph}/${tenant.id}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
}

/** A Graph client with the built-in middleware chain (auth, retry, redirect), given a token. */
export function graphClient(simulator: RunningSimulator, accessToken: () => Promise<string>): Client {
  const graph = new URL(simulator.urls.graph);
  return Client.init({
    baseUrl: `${graph.origin}/`,
    defaultVersion: 'v1.0',
    customHosts: new Set([graph.hostname]),
    authProvider: (done) => {
      accessToken().then(
        (token) => done(null, token),
        (error: unknown) => done(error, null),
      );
    },
  });
}

export function statusSiteParser(): Parser<Record<string, unknown>, { status?: string }> {
  return new Parser({ customFields: { item: ['status'] } });
}

/** twitter-api-v2 has no base-URL option: a plugin moves each request to the simulator's origin. */
export function xClient(
  simulator: RunningSimulator,
  bearerToken = simulator.scenario.x.bearerToken,
): TwitterApi {
  return new TwitterApi(bearerToken, {
    httpAgent: new http.Agent(),
    plugins: [
      {
        onBeforeRequestConfig({ params }) {
          params.url = params.url.replace(/^https:\/\/api\.(x|twitter)\.com/, simulator.urls.x);
        },
      },
    ],
  });
}
