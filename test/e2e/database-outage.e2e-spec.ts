import { prepareDatabase } from '../../src/database/migrate';
import { type PrivatePostgres, startPrivatePostgres } from '../support/private-postgres';
import { eventually } from '../support/stripe';
import { bearer, createAgency, createSubteam, expectLedgerInvariant, fund, startTestApp, type TestApp, walletOf } from '../support/test-app';

interface Answer {
  status: number;
  code?: string;
  retryAfter: string | null;
}

/**
 * PostgreSQL stopped hard (`pg_ctl stop -m immediate`) while call flows authorize and settle: every
 * answer is a success, a refusal the flow understands, or 503 service_unavailable with Retry-After
 * (never a 500); /ready says so; and once the database is back, the books are exact.
 */
describe('PostgreSQL down under concurrent calls', () => {
  let pg: PrivatePostgres;
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    // Created, migrated and connected to as the least-privilege application role, as in every suite.
    const ownerUrl = pg.url('aw_outage');
    const database = await prepareDatabase({ url: ownerUrl, migrationUrl: ownerUrl, deriveAppRole: true, poolSize: 2 });
    t = await startTestApp({ DATABASE_URL: database.url, DATABASE_MIGRATION_URL: ownerUrl });
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    pg?.close();
  });

  async function send(method: string, path: string, key: string, body?: unknown): Promise<Answer> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as { error?: { code: string } }) : {};
    return { status: res.status, code: parsed.error?.code, retryAfter: res.headers.get('retry-after') };
  }

  it('answers 503 with Retry-After while it is down, and keeps the books exact', async () => {
    const agency = await createAgency(t);
    const subteams = await Promise.all([1, 2, 3, 4].map(() => createSubteam(t, agency)));
    await fund(t, agency, '1000.00');

    const answers: Answer[] = [];
    const settled = new Set<string>();
    const unsettled = new Map<string, string>(); // authorized, settle not acknowledged: callId → key
    let running = true;
    let sequence = 0;
    const client = async (index: number) => {
      const key = subteams[index % subteams.length].key;
      while (running) {
        const callId = `outage-${index}-${++sequence}`;
        const authorized = await send('POST', '/v1/calls/authorize', key, { callId, amount: '0.50' });
        answers.push(authorized);
        if (authorized.status !== 201) {
          // A 503 may hide a hold that committed before the connection dropped: settle it later.
          if (authorized.status === 503) unsettled.set(callId, key);
          await sleep(20);
          continue;
        }
        const settle = await send('POST', `/v1/calls/${callId}/settle`, key, { cost: '0.25' });
        answers.push(settle);
        if (settle.status === 200) settled.add(callId);
        else unsettled.set(callId, key);
      }
    };
    const clients = Array.from({ length: 12 }, (_, index) => client(index));

    await sleep(1500);
    pg.stop('immediate');
    const during = await send('GET', `/v1/agencies/${agency.id}/wallet`, agency.ownerKey);
    const ready = await fetch(`${base}/ready`);
    await sleep(2000);
    pg.start();
    await eventually(async () => expect((await fetch(`${base}/ready`)).status).toBe(200), 20_000, 200);
    await sleep(1500);
    running = false;
    await Promise.all(clients);

    expect(during).toEqual({ status: 503, code: 'service_unavailable', retryAfter: expect.stringMatching(/^\d+$/) });
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready', checks: { postgres: 'down', redis: 'up' } });

    const statuses = new Map<string, number>();
    for (const answer of answers) {
      const label = `${answer.status} ${answer.code ?? ''}`.trim();
      statuses.set(label, (statuses.get(label) ?? 0) + 1);
      expect([200, 201, 402, 409, 503]).toContain(answer.status);
      if (answer.status === 503) expect(answer).toEqual({ status: 503, code: 'service_unavailable', retryAfter: expect.stringMatching(/^\d+$/) });
    }
    expect(statuses.get('503 service_unavailable')).toBeGreaterThan(0);
    expect(settled.size).toBeGreaterThan(0);

    // Flows retry what was not acknowledged: a hold that did commit is settled now, and a settle
    // that did commit replays its first result; a call that never got its hold is refused (404).
    for (const [callId, key] of unsettled) {
      const settle = await send('POST', `/v1/calls/${callId}/settle`, key, { cost: '0.25' });
      expect([200, 404]).toContain(settle.status);
      if (settle.status === 200) settled.add(callId);
    }

    const entries = await usageReferences(agency.id, agency.ownerKey);
    expect(entries).toHaveLength(new Set(entries).size);
    expect(new Set(entries)).toEqual(settled);
    const wallet = await walletOf(t, agency);
    expect(wallet.held).toBe('0.00');
    expect(BigInt(Math.round(Number(wallet.balance) * 100))).toBe(100_000n - 25n * BigInt(settled.size));
    await expectLedgerInvariant(t, agency);
  }, 120_000);

  async function usageReferences(agencyId: string, key: string): Promise<string[]> {
    const references: string[] = [];
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: { body: { data: { reference: string }[]; nextCursor: string | null } } = await t.http
        .get(`/v1/agencies/${agencyId}/wallet/entries?type=usage&limit=200${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(key))
        .expect(200);
      references.push(...page.body.data.map((entry) => entry.reference));
      cursor = page.body.nextCursor;
    }
    return references;
  }
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
