import {
  type Agency,
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

describe('Calls: authorize, settle, release', () => {
  let t: TestApp;
  let agency: Agency;
  let subteam: Subteam;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
    subteam = await createSubteam(t, agency);
    await fund(t, agency, '100.00');
  });
  afterAll(() => t.close());
  afterEach(() => expectLedgerInvariant(t, agency));

  it('holds credits on authorize and charges the actual cost on settle', async () => {
    const auth = await t.http
      .post('/v1/calls/authorize')
      .set(bearer(subteam.key))
      .send({ callId: 'call-1', amount: '5.00' })
      .expect(201);
    expect(auth.body).toEqual({
      callId: 'call-1',
      holdId: expect.any(String),
      authorizedAmount: '5.00',
      expiresAt: expect.any(String),
    });
    expect(await walletOf(t, agency)).toMatchObject({ balance: '100.00', held: '5.00', available: '95.00' });

    const settle = await t.http.post('/v1/calls/call-1/settle').set(bearer(subteam.key)).send({ cost: '1.234' }).expect(200);
    expect(settle.body).toEqual({ callId: 'call-1', charged: '1.234', released: '3.766', balanceAfter: '98.766' });
    expect(await walletOf(t, agency)).toMatchObject({ balance: '98.766', held: '0.00', available: '98.766' });
  });
});
