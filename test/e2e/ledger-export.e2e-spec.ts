import { Client } from 'pg';
import { parseMoney } from '../../src/database/money';
import { parseCsv } from '../support/csv';
import { expectError } from '../support/matrix';
import {
  ADMIN_KEY,
  type Agency,
  type Subteam,
  type TestApp,
  bearer,
  createAgency,
  createSubteam,
  expectLedgerInvariant,
  fund,
  startTestApp,
} from '../support/test-app';

const NY = 'America/New_York';
const DAY_MS = 24 * 3600 * 1000;

interface SeedEntry {
  type: 'usage' | 'adjustment' | 'reload';
  source: 'call' | 'usage' | null;
  subteamId: string | null;
  amountMicros: bigint;
  reference: string;
  description: string | null;
  createdAt: Date;
}

/**
 * An agency's history as owners read it: ledger entries by date range (the agency's local days or
 * instants) with the subteam and type filters and paging, and the same selection as one CSV file
 * streamed from PostgreSQL, whose every row is the ledger's entry.
 */
describe('Ledger entries by date, and exported as CSV', () => {
  let t: TestApp;
  let owner: Client;
  beforeAll(async () => {
    t = await startTestApp();
    owner = new Client({ connectionString: process.env.AW_TEST_DATABASE });
    await owner.connect();
  });
  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  /**
   * Seeds history dated in the past, which no API can write: entries appended in the order given
   * with their running balance, and the wallet's balance moved to match (the invariant holds).
   */
  async function seed(agency: Agency, entries: SeedEntry[]): Promise<void> {
    await owner.query('begin');
    try {
      const { rows } = await owner.query('select balance_micros from wallets where id = $1 for update', [agency.walletId]);
      let balance = BigInt(rows[0].balance_micros);
      const after = entries.map((entry) => (balance += entry.amountMicros).toString());
      await owner.query(
        `insert into ledger_entries (wallet_id, subteam_id, type, source, amount_micros, balance_after_micros, reference, description, created_at)
         select $1, e.subteam_id, e.type, e.source, e.amount, e.balance_after, e.reference, e.description, e.created_at from unnest($2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[], $8::text[], $9::timestamptz[])
         with ordinality as e (subteam_id, type, source, amount, balance_after, reference, description, created_at, n) order by n`,
        [
          agency.walletId,
          entries.map((e) => e.subteamId),
          entries.map((e) => e.type),
          entries.map((e) => e.source),
          entries.map((e) => e.amountMicros.toString()),
          after,
          entries.map((e) => e.reference),
          entries.map((e) => e.description),
          entries.map((e) => e.createdAt.toISOString()),
        ],
      );
      await owner.query('update wallets set balance_micros = $2 where id = $1', [agency.walletId, balance.toString()]);
      await owner.query('commit');
    } catch (error) {
      await owner.query('rollback');
      throw error;
    }
  }

  const entries = (agency: Agency, query: string, key = agency.ownerKey) =>
    t.http.get(`/v1/agencies/${agency.id}/wallet/entries?${query}`).set(bearer(key));

  /** Every page of a JSON listing, following nextCursor. */
  async function allPages(agency: Agency, query: string): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: Record<string, unknown>[]; nextCursor: string | null } } = await entries(
        agency,
        `${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      ).expect(200);
      found.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor);
    return found;
  }

  async function exportCsv(agency: Agency, query: string) {
    const res = await entries(agency, `format=csv&${query}`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="ledger-${agency.id}.csv"`);
    return { res, rows: parseCsv(res.text) };
  }

  const usage = (subteam: Subteam, createdAt: string, reference: string, amount = '1.00'): SeedEntry => ({
    type: 'usage',
    source: 'usage',
    subteamId: subteam.id,
    amountMicros: -parseMoney(amount),
    reference,
    description: null,
    createdAt: new Date(createdAt),
  });

  it("filters by the agency's local days or by instants, with the subteam and type filters, page by page", async () => {
    const agency = await createAgency(t, { timeZone: NY });
    const [north, south] = [await createSubteam(t, agency), await createSubteam(t, agency)];
    // New York's 30 November runs from 05:00 UTC that day to 05:00 UTC on 1 December.
    await seed(agency, [
      { ...usage(north, '2026-11-01T12:00:00Z', 'funding'), type: 'adjustment', source: null, subteamId: null, amountMicros: 100_000_000n },
      usage(north, '2026-11-30T04:59:59.999Z', 'ny-29th-last'),
      usage(north, '2026-11-30T05:00:00.000Z', 'ny-30th-first'),
      usage(south, '2026-11-30T18:00:00.000Z', 'ny-30th-south'),
      { ...usage(north, '2026-11-30T20:00:00.000Z', 'ny-30th-reload'), type: 'reload', source: null, subteamId: null, amountMicros: 20_000_000n },
      usage(north, '2026-12-01T04:59:59.999Z', 'ny-30th-last'),
      usage(north, '2026-12-01T05:00:00.000Z', 'ny-1st-first'),
    ]);
    const references = (res: { body: { data: { reference: string }[] } }) => res.body.data.map((e) => e.reference);

    const day = await entries(agency, 'from=2026-11-30&to=2026-11-30').expect(200);
    expect(references(day)).toEqual(['ny-30th-last', 'ny-30th-reload', 'ny-30th-south', 'ny-30th-first']);
    const instants = await entries(agency, 'from=2026-11-30T05:00:00Z&to=2026-12-01T00:00:00-05:00').expect(200);
    expect(references(instants)).toEqual(references(day));
    expect(references(await entries(agency, 'from=2026-12-01').expect(200))).toEqual(['ny-1st-first']);
    expect(references(await entries(agency, 'to=2026-11-29').expect(200))).toEqual(['ny-29th-last', 'funding']);

    const filtered = await entries(agency, `from=2026-11-30&to=2026-11-30&subteamId=${north.id}&type=usage`).expect(200);
    expect(references(filtered)).toEqual(['ny-30th-last', 'ny-30th-first']);
    expect(references(await entries(agency, 'from=2026-11-30&to=2026-11-30&type=reload').expect(200))).toEqual(['ny-30th-reload']);

    // Paging keeps the filter: a cursor carries on below the last entry shown.
    const first = await entries(agency, 'from=2026-11-30&to=2026-11-30&limit=3').expect(200);
    expect(references(first)).toEqual(['ny-30th-last', 'ny-30th-reload', 'ny-30th-south']);
    const second = await entries(agency, `from=2026-11-30&to=2026-11-30&limit=3&cursor=${first.body.nextCursor}`).expect(200);
    expect(references(second)).toEqual(['ny-30th-first']);
    expect(second.body.nextCursor).toBeNull();
    await expectLedgerInvariant(t, agency);
  });

  it('exports a year of a busy agency as CSV, streamed, each row the ledger entry with exact amounts and UTC times', async () => {
    const agency = await createAgency(t);
    const subteams = [await createSubteam(t, agency), await createSubteam(t, agency)];
    const start = Date.parse('2025-12-01T00:00:00Z');
    const count = 12_000;
    const awkward = ['Call, "quoted"\nsecond line', '=HYPERLINK("http://x.test")', '-1+1', '@sum', 'plain'];
    await seed(agency, [
      { ...usage(subteams[0], '2025-12-01T00:00:00Z', 'opening'), type: 'adjustment', source: null, subteamId: null, amountMicros: 100_000_000_000n },
      ...Array.from({ length: count }, (_, i): SeedEntry => ({
        type: 'usage',
        source: i % 2 ? 'call' : 'usage',
        subteamId: subteams[i % 2].id,
        // Sub-cent amounts: every fraction digit must come through.
        amountMicros: -BigInt(((i * 7919) % 4_999_999) + 1),
        reference: i % 101 === 0 ? `-ref-${i}` : `call-${i}`,
        description: i % 7 === 0 ? awkward[(i / 7) % awkward.length] : null,
        createdAt: new Date(start + Math.floor((i * 365 * DAY_MS) / count)),
      })),
    ]);
    // And some of today's, through the API.
    await fund(t, agency, '25.00');
    await t.http
      .post('/v1/usage')
      .set(bearer(subteams[1].key))
      .send({ amount: '0.013', reference: 'today-1', description: 'today, live' })
      .expect(201);
    await t.http.post('/v1/calls/authorize').set(bearer(subteams[0].key)).send({ callId: 'long-call', amount: '1.00' }).expect(201);
    await t.http.post('/v1/calls/long-call/settle').set(bearer(subteams[0].key)).send({ cost: '1.25' }).expect(200);

    const { res, rows } = await exportCsv(agency, '');
    // Streamed: sent as it is read, so its length is not known up front.
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.text.endsWith('\r\n')).toBe(true);

    const [header, ...data] = rows;
    expect(header).toEqual([
      'id',
      'createdAt',
      'type',
      'source',
      'subteamId',
      'amount',
      'currency',
      'balanceAfter',
      'overrun',
      'reference',
      'description',
    ]);
    const ledger = await owner.query(
      `select id::text, created_at, type, source, subteam_id, amount_micros::text, balance_after_micros::text, overrun_micros::text,
              reference, description
       from ledger_entries e where wallet_id = $1 order by e.id desc`,
      [agency.walletId],
    );
    expect(ledger.rows.length).toBe(count + 4);
    expect(data.length).toBe(ledger.rows.length);
    const formula = (text: string | null) => (text !== null && /^[=+\-@]/.test(text) ? `'${text}` : (text ?? ''));
    const columns = (row: string[]) => [0, 1, 2, 3, 4, 6, 9, 10].map((column) => row[column]);
    expect(data.map(columns)).toEqual(
      ledger.rows.map((entry) => [
        entry.id,
        (entry.created_at as Date).toISOString(),
        entry.type,
        entry.source ?? '',
        entry.subteam_id ?? '',
        'USD',
        formula(entry.reference),
        formula(entry.description),
      ]),
    );
    // Amounts as decimal strings, exactly the micro-units stored.
    const moneyShape = /^-?\d+\.\d{2,6}$/;
    expect(data.filter((row) => !moneyShape.test(row[5]) || !moneyShape.test(row[7]))).toEqual([]);
    expect(data.map((row) => row[8])).toEqual(ledger.rows.map((entry) => (entry.overrun_micros === null ? '' : expect.any(String))));
    expect(data[0].slice(2, 10)).toEqual(['usage', 'call', subteams[0].id, '-1.25', 'USD', expect.any(String), '0.25', 'long-call']);
    expect(data.map((row) => [parseMoney(row[5]), parseMoney(row[7])])).toEqual(
      ledger.rows.map((entry) => [BigInt(entry.amount_micros), BigInt(entry.balance_after_micros)]),
    );
    expect(data.filter((row) => !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(row[1]))).toEqual([]);
    expect(data.find((row) => row[9] === 'today-1')).toEqual(expect.arrayContaining(['-0.013', 'today, live']));
    expect(data.filter((row) => row[10] === 'Call, "quoted"\nsecond line').length).toBeGreaterThan(0);
    expect(data.filter((row) => row[10] === `'=HYPERLINK("http://x.test")`).length).toBeGreaterThan(0);
    await expectLedgerInvariant(t, agency);

    // The same filter as the JSON pages: a quarter, one subteam, one type.
    const filter = `from=2026-03-01&to=2026-05-31&subteamId=${subteams[1].id}&type=usage`;
    const { rows: quarter } = await exportCsv(agency, filter);
    const pages = await allPages(agency, filter);
    expect(pages.length).toBeGreaterThan(1000);
    expect(quarter.slice(1).map((row) => [row[0], row[1], row[5], row[7]])).toEqual(
      pages.map((entry) => [entry.id, entry.createdAt, entry.amount, entry.balanceAfter]),
    );

    // A selection with nothing in it is the header alone.
    const { rows: none } = await exportCsv(agency, 'from=2020-01-01&to=2020-01-31');
    expect(none).toEqual([header]);
  });

  it('refuses a bad range or paging with CSV (422), hides other agencies (404) and keeps subteam keys out (403)', async () => {
    const agency = await createAgency(t);
    const other = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    for (const [query, field] of [
      ['from=yesterday', 'from'],
      ['to=2026-13-01', 'to'],
      ['from=2026-12-01T10:00:00', 'from'],
      ['from=2026-12-02&to=2026-12-01', 'from'],
      ['from=2026-12-01T10:00:00Z&to=2026-12-01T10:00:00Z', 'from'],
      ['format=csv&limit=10', 'limit'],
      ['format=csv&cursor=5', 'cursor'],
      ['format=xml', 'format'],
    ]) {
      const res = await entries(agency, query);
      expectError(res, 422, 'validation_error');
      expect(res.body.error.details.fields).toEqual([expect.objectContaining({ path: field })]);
    }
    expectError(await entries(other, 'format=csv', agency.ownerKey), 404, 'not_found');
    expectError(await entries(agency, 'format=csv', subteam.key), 403, 'forbidden');
    await entries(agency, 'format=csv', ADMIN_KEY).expect(200);
  });
});
