import { type ServiceProcess, startServiceProcess } from '../support/service-process';
import { type TestApp, bearer, createAgency, createSubteam, expectLedgerInvariant, fund, startTestApp, walletOf } from '../support/test-app';
import { freePort } from '../support/free-port';

/**
 * An API process killed with SIGKILL in the middle of batches, its clients retrying against a new
 * one: every call ends charged exactly once, nothing acknowledged is lost, the ledger stays exact.
 */
describe('An API process killed mid-batch', () => {
  let t: TestApp;
  const processes: ServiceProcess[] = [];
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    for (const p of processes) await p.kill();
    await t.close();
  });

  async function startApi(): Promise<string> {
    const port = await freePort();
    processes.push(
      await startServiceProcess('src/main.ts', { ROLE: 'api', HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: process.env.DATABASE_URL! }),
    );
    return `http://127.0.0.1:${port}`;
  }

  async function call(base: string, key: string, path: string, body: unknown): Promise<number> {
    try {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0; // the connection died with the process
    }
  }

  it('charges every call exactly once after clients retry on a new process', async () => {
    const agency = await createAgency(t);
    const subteams = await Promise.all([1, 2, 3, 4].map(() => createSubteam(t, agency)));
    await fund(t, agency, '1000.00');
    const calls = Array.from({ length: 400 }, (_, i) => ({ callId: `crash-${i}`, key: subteams[i % 4].key }));
    const acknowledged = new Set<string>();

    const first = await startApi();
    const inFlight = calls.map(async ({ callId, key }) => {
      if ((await call(first, key, '/v1/calls/authorize', { callId, amount: '0.30' })) !== 201) return;
      if ((await call(first, key, `/v1/calls/${callId}/settle`, { cost: '0.30' })) === 200) acknowledged.add(callId);
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await processes[0].kill('SIGKILL');
    await Promise.all(inFlight);
    expect(acknowledged.size).toBeLessThan(calls.length);

    const second = await startApi();
    for (const { callId, key } of calls) {
      expect(await call(second, key, '/v1/calls/authorize', { callId, amount: '0.30' })).toBe(201);
      expect(await call(second, key, `/v1/calls/${callId}/settle`, { cost: '0.30' })).toBe(200);
    }

    expect(await walletOf(t, agency)).toMatchObject({ balance: '880.00', held: '0.00' });
    const entries: string[] = [];
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: { body: { data: { reference: string }[]; nextCursor: string | null } } = await t.http
        .get(`/v1/agencies/${agency.id}/wallet/entries?type=usage&limit=200${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(agency.ownerKey))
        .expect(200);
      entries.push(...page.body.data.map((e: { reference: string }) => e.reference));
      cursor = page.body.nextCursor;
    }
    expect(entries).toHaveLength(400);
    expect(new Set(entries).size).toBe(400);
    for (const callId of acknowledged) expect(entries).toContain(callId);
    await expectLedgerInvariant(t, agency);
  }, 120_000);
});
