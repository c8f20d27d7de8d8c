import { createHmac } from 'node:crypto';
import { signAgencyWebhook, verifyAgencyWebhookSignature } from './agency-webhook-signature';
import { newWebhookSecret } from './agency-webhooks.service';

describe('agency webhook signatures', () => {
  const secret = 'whsec_test_secret_0123456789';
  const body = JSON.stringify({ id: 'evt_1', type: 'wallet.low_balance', data: { available: '42.75', note: 'café' } });
  const now = 1_795_000_000;

  it('signs "<t>.<body>" with HMAC-SHA256 keyed by the whole secret, as Stripe does', () => {
    const header = signAgencyWebhook(body, secret, now + 0.9);
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    expect(header).toBe(`t=${now},v1=${expected}`);
  });

  it('verifies its own signature, from a string or the raw bytes', () => {
    const header = signAgencyWebhook(body, secret, now);
    expect(verifyAgencyWebhookSignature(body, header, secret, 300, now)).toBe(true);
    expect(verifyAgencyWebhookSignature(Buffer.from(body, 'utf8'), header, secret, 300, now + 299)).toBe(true);
  });

  it('refuses another secret, a changed body, a changed timestamp', () => {
    const header = signAgencyWebhook(body, secret, now);
    expect(verifyAgencyWebhookSignature(body, header, `${secret}x`, 300, now)).toBe(false);
    expect(verifyAgencyWebhookSignature(body.replace('42.75', '4275'), header, secret, 300, now)).toBe(false);
    expect(verifyAgencyWebhookSignature(`${body} `, header, secret, 300, now)).toBe(false);
    const moved = header.replace(`t=${now}`, `t=${now + 1}`);
    expect(verifyAgencyWebhookSignature(body, moved, secret, 300, now)).toBe(false);
  });

  it('refuses a signature outside the tolerance, either side of now', () => {
    const header = signAgencyWebhook(body, secret, now);
    expect(verifyAgencyWebhookSignature(body, header, secret, 300, now + 301)).toBe(false);
    expect(verifyAgencyWebhookSignature(body, header, secret, 300, now - 301)).toBe(false);
    expect(verifyAgencyWebhookSignature(body, header, secret, 600, now + 301)).toBe(true);
  });

  it('refuses missing and malformed headers without throwing', () => {
    const v1 = signAgencyWebhook(body, secret, now).split(',')[1];
    for (const header of [
      undefined,
      null,
      '',
      'garbage',
      `t=${now}`,
      v1,
      `t=abc,${v1}`,
      `t=${now},v1=`,
      `t=${now},v1=zz`,
      `t=${now},v0=${v1.slice(3)}`,
    ]) {
      expect(verifyAgencyWebhookSignature(body, header, secret, 300, now)).toBe(false);
    }
  });

  it('accepts any one matching v1 among several, in any order, with spaces', () => {
    const header = signAgencyWebhook(body, secret, now);
    const [t, v1] = header.split(',');
    expect(verifyAgencyWebhookSignature(body, `${v1.replace(/[0-9a-f]{8}$/, '00000000')}, ${t}, ${v1}`, secret, 300, now)).toBe(true);
  });

  it('makes a new random secret each time, recognisably prefixed', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
