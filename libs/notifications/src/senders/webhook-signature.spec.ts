import { createHmac } from 'node:crypto';
import { verifyWebhookSignature, webhookSignature } from './webhook-signature.js';

describe('the webhook signature', () => {
  const body = '{"id":"k","event":"incident_created"}';

  it('is HMAC-SHA256 over "timestamp.body", hex, after v1=', () => {
    const expected = createHmac('sha256', 's3cret').update(`1764500000.${body}`).digest('hex');
    expect(webhookSignature('s3cret', '1764500000', body)).toBe(`v1=${expected}`);
  });

  it('verifies, and refuses another body, secret or a stale timestamp', () => {
    const signature = webhookSignature('s3cret', '1764500000', body);
    expect(verifyWebhookSignature('s3cret', '1764500000', body, signature, 1764500100)).toBe(true);
    expect(verifyWebhookSignature('s3cret', '1764500000', `${body} `, signature, 1764500100)).toBe(false);
    expect(verifyWebhookSignature('other', '1764500000', body, signature, 1764500100)).toBe(false);
    expect(verifyWebhookSignature('s3cret', '1764500000', body, signature, 1764500000 + 301)).toBe(false);
  });
});
