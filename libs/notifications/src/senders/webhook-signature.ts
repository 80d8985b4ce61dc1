import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The generic webhook's signature: HMAC-SHA256 with the target's secret over `<timestamp>.<body>` (the
 * timestamp as sent in `X-Beacon-Timestamp`, unix seconds; the body as sent, byte for byte), hex, sent as
 * `X-Beacon-Signature: v1=<hex>`. The timestamp inside the signed text stops a captured request from
 * being replayed later; a receiver refuses timestamps too far from its clock (five minutes, say).
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A receiver's check (the one docs/notifications.md shows): the signature and the timestamp's age. */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
