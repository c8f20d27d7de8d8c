import {
  type Subteam,
  type TestApp,
  bearer,
  createAgency,
  createSubteam,
  expectLedgerInvariant,
  fund,
  startTestApp,
  walletOf,
} from '../support/test-app';

/**
 * Found by the fault-injection suite (`npm run chaos -- --replay 5013`: an API process killed just
 * after it committed an authorize, before it answered): the client asked again on the other API
 * process, whose ledger writer knew the wallet's current state but not that call, assumed the call
 * was new, found too little available for a second hold, and answered 402 insufficient_funds. A
 * refusal writes nothing, so no unique key caught the wrong guess: the dialer dropped a call whose
 * hold stayed open until it expired. A refusal of a call or usage the process has not seen now
 * goes through the locking path, which reads it and answers the replay.
 */
describe('Chaos seed 5013: a retried authorize whose replay would not fit the wallet again', () => {
  let t: TestApp;
  let other: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ BATCH_CONTENTION_BACKOFF_MS: '0' });
    other = await startTestApp({ BATCH_CONTENTION_BACKOFF_MS: '0' });
  });
  afterAll(async () => {
    await t.close();
    await other.close();
  });

  /** Makes the wallet known to `app`'s writer at its current version: one call through it. */
  async function warm(app: TestApp, subteam: Subteam, callId: string): Promise<void> {
    expect((await app.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId, amount: '0.01' })).status).toBe(201);
    expect((await app.http.post(`/v1/calls/${callId}/settle`).set(bearer(subteam.key)).send({ cost: '0.01' })).status).toBe(200);
  }

  it('answers the replay of a call held by another process, though its amount no longer fits', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    await fund(t, agency, '10.00');
    const first = await other.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'seed-5013', amount: '6.00' });
    expect(first.status).toBe(201);
    await warm(t, subteam, 'seed-5013-warm');

    // Available is 3.99 now: as a new call, 6.00 would be refused.
    const replay = await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'seed-5013', amount: '6.00' });
    expect([replay.status, replay.body.holdId]).toEqual([201, first.body.holdId]);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    // And a new call that does not fit is still refused.
    const tooBig = await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'seed-5013-new', amount: '6.00' });
    expect([tooBig.status, tooBig.body.error.code]).toEqual([402, 'insufficient_funds']);

    expect(await walletOf(t, agency)).toMatchObject({ balance: '9.99', held: '6.00' });
    await expectLedgerInvariant(t, agency);
  });

  it('answers the replay of usage recorded by another process, though it no longer fits', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    await fund(t, agency, '10.00');
    const usage = { reference: 'seed-5013-usage', amount: '6.00' };
    expect((await other.http.post('/v1/usage').set(bearer(subteam.key)).send(usage)).status).toBe(201);
    await warm(t, subteam, 'seed-5013-usage-warm');

    const replay = await t.http.post('/v1/usage').set(bearer(subteam.key)).send(usage);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await walletOf(t, agency)).toMatchObject({ balance: '3.99', held: '0.00' });
    await expectLedgerInvariant(t, agency);
  });
});
