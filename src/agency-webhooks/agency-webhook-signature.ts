import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `Agency-Wallet-Signature` scheme, the same as Stripe's: `t=<unix seconds>,v1=<hex>` where
 * the hex is HMAC-SHA256, keyed with the whole endpoint secret (`whsec_…`), of `<t>.<raw body>`.
 * The timestamp is signed too, so a captured request cannot be replayed after the tolerance.
 * This file imports nothing but node:crypto, so agencies may copy it as it is.
 */
export const SIGNATURE_HEADER = 'Agency-Wallet-Signature';

export function signAgencyWebhook(body: string, secret: string, timestampSeconds: number): string {
  const t = Math.floor(timestampSeconds);
  return `t=${t},v1=${hmac(secret, String(t), body)}`;
}

/**
 * True when `header` signs exactly `body` (the raw request body, before any JSON parsing) with
 * `secret`, at a time within `toleranceSeconds` of now. The header may carry several `v1`
 * entries (as Stripe's does); any one matching is enough. Comparisons take constant time.
 */
export function verifyAgencyWebhookSignature(
  body: string | Buffer,
  header: string | null | undefined,
  secret: string,
  toleranceSeconds = 300,
  nowSeconds = Date.now() / 1000,
): boolean {
  if (!header) return false;
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't') timestamp = value;
    else if (key === 'v1' && value) signatures.push(value);
  }
  if (!timestamp || !/^\d+$/.test(timestamp) || !signatures.length) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  return signatures.some((signature) => {
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** Signs the bytes as they travel: a Buffer body is not decoded and re-encoded first. */
function hmac(secret: string, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest('hex');
}
