import { type PrivateRedis, startPrivateRedis } from '../support/private-redis';
import { eventually } from '../support/stripe';
import { ADMIN_KEY, bearer, createAgency, createSubteam, fund, startTestApp, type TestApp, walletOf } from '../support/test-app';

/**
 * Redis (Bull's queues) killed while the API serves: calls go on untouched, a request that
 * committed and then could not enqueue its follow-up work still succeeds (the outbox sweeps pick
 * it up), a route that needs Redis answers 503 with Retry-After at once, and /ready says so
 * until Redis is back.
 */
describe('Redis down', () => {
  let redis: PrivateRedis;
  let t: TestApp;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    t = await startTestApp({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('keeps the call path and committed requests whole, and answers 503 where Redis is needed', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    await fund(t, agency, '100.00');
    await t.http.get('/ready').expect(200);

    await redis.stop();
    await eventually(async () => expect((await t.http.get('/ready')).status).toBe(503), 10_000, 100);
    const ready = await t.http.get('/ready');
    expect(ready.headers['retry-after']).toMatch(/^\d+$/);
    expect(ready.body).toEqual({ status: 'not_ready', checks: { postgres: 'up', redis: 'down' } });

    for (let i = 0; i < 20; i++) {
      await t.http
        .post('/v1/calls/authorize')
        .set(bearer(subteam.key))
        .send({ callId: `redis-${i}`, amount: '2.00' })
        .expect(201);
      await t.http.post(`/v1/calls/redis-${i}/settle`).set(bearer(subteam.key)).send({ cost: '2.00' }).expect(200);
    }
    expect(await walletOf(t, agency)).toMatchObject({ balance: '60.00', held: '0.00' });

    // Saved (and its email written to the outbox) before the queue is touched: a 200, not a 500 or a
    // hang (Bull alone would wait for Redis for ever, past this test's timeout).
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '80.00', amount: '50.00' })
      .expect(200);
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/low-balance-alert`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '90.00' })
      .expect(200);
    const notifications = await t.http.get(`/v1/agencies/${agency.id}/notifications`).set(bearer(agency.ownerKey)).expect(200);
    expect(notifications.body.data.map((n: { status: string }) => n.status)).toContain('queued');

    const deadLetters = await t.http.get('/v1/support/dead-letters').set(bearer(ADMIN_KEY));
    expect(deadLetters.status).toBe(503);
    expect(deadLetters.headers['retry-after']).toMatch(/^\d+$/);
    expect(deadLetters.body).toEqual({ error: { code: 'service_unavailable', message: expect.any(String), details: expect.any(Object) } });

    await redis.start();
    await eventually(async () => expect((await t.http.get('/ready')).status).toBe(200), 20_000, 200);
    await eventually(async () => expect((await t.http.get('/v1/support/dead-letters').set(bearer(ADMIN_KEY))).status).toBe(200), 20_000, 200);
  }, 90_000);
});
