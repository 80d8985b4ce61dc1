import type { FaultResponses } from '../faults/fault.hooks.js';

/** The single-page app's shell: what every path outside the API answers, with a 200. */
export const SPA_SHELL = `<!doctype html><html lang="en"><head><meta charset="utf-8"/><link rel="icon" href="/favicon.ico"/><meta name="viewport" content="width=device-width,initial-scale=1"/><meta name="description" content="Microsoft 365 service health status"/><title>Microsoft 365 Status</title><script defer="defer" src="/static/js/main.7d3f2a91.js"></script><link href="/static/css/main.0c4e8b12.css" rel="stylesheet"></head><body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>`;

/** The front door's own error page, which is what a failing origin behind it shows. */
const frontDoorError = (status: number) => `<!DOCTYPE html>
<html><head><title>${status === 429 ? 'Too Many Requests' : 'Service unavailable'}</title></head>
<body><h2>Our services aren't available right now</h2><p>We're working to restore all services as soon as possible. Please check back soon.</p></body></html>
`;

export const statusSiteFaultResponses: FaultResponses = {
  serverError: (reply, status) =>
    reply.code(status).type('text/html; charset=utf-8').send(frontDoorError(status)),
  // Some routes answer 429 under load, with nothing saying when to come back.
  throttled: (reply) => reply.code(429).type('text/html; charset=utf-8').send(frontDoorError(429)),
  htmlPage: SPA_SHELL,
};
