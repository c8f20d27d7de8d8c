import { freePort } from '../support/free-port';
import { type ServiceProcess, startServiceProcess } from '../support/service-process';
import { type TestApp, bearer, createAgency, createSubteam, expectLedgerInvariant, fund, startTestApp, walletOf } from '../support/test-app';

/**
 * SIGTERM to a service process under calls, with a client that does what a load balancer does
 * (stops sending new work once /ready answers 503): /ready turns 503 at once, every request in
 * flight is answered, the process exits cleanly, and the ledger holds every acknowledged call
 * exactly once.
 */
describe('A service process stopped with SIGTERM during calls', () => {
  let t: TestApp;
  let service: ServiceProcess;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await service?.kill();
    await t.close();
  });

  it('answers 503 on /ready, finishes what is in flight, loses nothing', async () => {
    const agency = await createAgency(t);
    const subteams = await Promise.all([1, 2, 3, 4].map(() => createSubteam(t, agency)));
    await fund(t, agency, '1000.00');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    service = await startServiceProcess('src/main.ts', {
      ROLE: 'api',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL!,
      SHUTDOWN_DRAIN_SECONDS: '3',
    });
    const exited = new Promise<number | null>((resolve) => service.process.once('exit', (code) => resolve(code)));

    let stopSending = false;
    const answers: number[] = [];
    const failures: string[] = [];
    const settled = new Set<string>();
    const post = async (key: string, path: string, body: unknown): Promise<number> => {
      try {
        const res = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        await res.arrayBuffer();
        answers.push(res.status);
        return res.status;
      } catch (error) {
        failures.push(`${path}: ${String((error as Error).cause ?? error)}`);
        return 0;
      }
    };
    const loops = Array.from({ length: 8 }, async (_, loop) => {
      const key = subteams[loop % subteams.length].key;
      for (let n = 0; !stopSending; n++) {
        const callId = `drain-${loop}-${n}`;
        if ((await post(key, '/v1/calls/authorize', { callId, amount: '0.30' })) !== 201) continue;
        if ((await post(key, `/v1/calls/${callId}/settle`, { cost: '0.30' })) === 200) settled.add(callId);
      }
    });

    await new Promise((resolve) => setTimeout(resolve, 300));
    service.process.kill('SIGTERM');
    let readyStatus = 0;
    while (readyStatus !== 503) {
      readyStatus = await fetch(`${base}/ready`).then(
        (res) => res.status,
        () => -1,
      );
      if (readyStatus === -1) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    stopSending = true;
    await Promise.all(loops);

    expect(readyStatus).toBe(503);
    expect(failures).toEqual([]);
    expect(new Set(answers)).toEqual(new Set([200, 201]));
    expect(await exited).toBe(0);
    expect(service.output()).toMatch(/SIGTERM: shutting down/);

    expect(settled.size).toBeGreaterThan(0);
    const expected = (1000 - 0.3 * settled.size).toFixed(2);
    expect(await walletOf(t, agency)).toMatchObject({ balance: expected, held: '0.00' });
    const usage = await t.http.get(`/v1/agencies/${agency.id}/wallet/entries?type=usage&limit=200`).set(bearer(agency.ownerKey)).expect(200);
    if (settled.size <= 200) expect(new Set(usage.body.data.map((entry: { reference: string }) => entry.reference))).toEqual(settled);
    await expectLedgerInvariant(t, agency);
  }, 180_000);
});
