import type { FastifyInstance } from 'fastify';
import type { FaultSchedule } from '../faults/fault-schedule.js';
import type { Scenario } from '../scenario/scenario.schema.js';
import { CREDENTIAL_FAULTS } from '../scenario/scenario.vocabulary.js';
import { nowMs } from '../timeline/moment.js';
import type { Timeline } from '../timeline/timeline.js';
import { checkClientAssertion, JWT_BEARER } from './entra-client-assertion.js';
import { sendEntraError } from './graph.responses.js';
import type { GraphTokens } from './graph-tokens.js';
import type { GraphWorld } from './graph.world.js';

export interface EntraTokenDeps {
  scenario: Scenario;
  world: GraphWorld;
  tokens: GraphTokens;
  timeline: Timeline;
  faults: FaultSchedule;
}

type TokenForm = Partial<
  Record<
    'grant_type' | 'client_id' | 'client_secret' | 'client_assertion' | 'client_assertion_type' | 'scope',
    string
  >
>;

/**
 * Entra's client-credentials flow, with its AADSTS errors in the order Entra checks. The app proves itself
 * with its client secret, or with a client assertion signed by the key of its registered certificate.
 */
export function entraTokenRoutes(scope: FastifyInstance, deps: EntraTokenDeps): void {
  scope.post<{ Params: { tenant: string }; Body: TokenForm | undefined }>(
    '/:tenant/oauth2/v2.0/token',
    { config: { endpoint: 'token' } },
    async (request, reply) => {
      const form = request.body ?? {};
      const tenant = deps.world.tenantById(request.params.tenant);
      if (!tenant) {
        return sendEntraError(
          reply,
          400,
          'invalid_request',
          90002,
          `Tenant '${request.params.tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
        );
      }
      for (const parameter of ['grant_type', 'client_id', 'scope'] as const) {
        if (!form[parameter]) {
          return sendEntraError(
            reply,
            400,
            'invalid_request',
            900144,
            `The request body must contain the following parameter: '${parameter}'.`,
          );
        }
      }
      if (form.grant_type !== 'client_credentials') {
        return sendEntraError(
          reply,
          400,
          'unsupported_grant_type',
          70003,
          'The app requested an unsupported grant type. This simulator serves only client_credentials.',
        );
      }
      if (!form.scope?.endsWith('/.default')) {
        return sendEntraError(
          reply,
          400,
          'invalid_scope',
          1002012,
          `The provided value for scope ${form.scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        );
      }
      if (form.client_id !== tenant.clientId) {
        return sendEntraError(
          reply,
          400,
          'unauthorized_client',
          700016,
          `Application with identifier '${form.client_id}' was not found in the directory '${tenant.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
        );
      }
      const moment = deps.timeline.moment();
      const fault = deps.faults.match(
        { channel: 'graph', endpoint: 'token', tenant: tenant.name, offset: moment.offset },
        CREDENTIAL_FAULTS,
      );
      if (fault?.kind === 'expiredCredentials') {
        return sendEntraError(
          reply,
          401,
          'invalid_client',
          7000222,
          `The provided client secret keys for app '${tenant.clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
        );
      }
      if (form.client_assertion !== undefined && fault?.kind !== 'revokedCredentials') {
        if (form.client_assertion_type !== JWT_BEARER) {
          return sendEntraError(
            reply,
            400,
            'invalid_request',
            700023,
            `client_assertion_type must be '${JWT_BEARER}'.`,
          );
        }
        const refusal = checkClientAssertion({
          assertion: form.client_assertion,
          clientId: tenant.clientId,
          certificatePem: tenant.certificate,
          tokenUrl: `${request.protocol}://${request.host}${request.url.split('?')[0]}`,
          nowMs: Date.now(), // Entra's own clock, real time, whatever the scenario's
        });
        if (refusal) {
          return sendEntraError(reply, refusal.status, refusal.error, refusal.code, refusal.description);
        }
      } else if (fault?.kind === 'revokedCredentials' || form.client_secret !== tenant.clientSecret) {
        return sendEntraError(
          reply,
          401,
          'invalid_client',
          7000215,
          'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
        );
      }
      const lifetime = deps.scenario.graph.tokenLifetimeSeconds;
      const token = deps.tokens.issue(tenant, nowMs(moment), lifetime);
      return reply
        .header('cache-control', 'no-store, no-cache')
        .type('application/json; charset=utf-8')
        .send(
          JSON.stringify({
            token_type: 'Bearer',
            expires_in: lifetime,
            ext_expires_in: lifetime,
            access_token: token,
          }),
        );
    },
  );
}
