import { csvLine, entriesCsv, entryPages, firstPageRead } from './entries-csv';
import type { EntryView } from './wallet.service';

const view = (id: number, overrides: Partial<EntryView> = {}): EntryView => ({
  id: String(id),
  walletId: 'w',
  subteamId: null,
  type: 'usage',
  source: 'usage',
  amount: '-0.013',
  balanceAfter: '9.987',
  reference: `r${id}`,
  description: null,
  overrun: null,
  createdAt: '2026-12-01T09:00:00.000Z',
  ...overrides,
});

describe('ledger CSV', () => {
  it('quotes commas, quotes and line breaks, leaves empty cells for nulls, and ends lines in CRLF', () => {
    expect(csvLine(['a', null, 'b,c', 'say "hi"', 'one\ntwo'])).toBe('a,,"b,c","say ""hi""","one\ntwo"\r\n');
  });

  it('defuses free text a spreadsheet would run as a formula, but never an amount', () => {
    expect(csvLine(['-1.25', '=SUM(A1)', '+1', '@x', '-y', 'safe'], new Set([1, 2, 3, 4, 5]))).toBe(`-1.25,'=SUM(A1),'+1,'@x,'-y,safe\r\n`);
  });

  it('writes the header and one line per entry, with the wallet currency', async () => {
    const lines: string[] = [];
    const pages = (async function* () {
      yield [view(2, { description: 'Call, long', overrun: '0.25' }), view(1)];
    })();
    for await (const chunk of entriesCsv(pages, 'EUR')) lines.push(chunk);
    expect(lines.join('')).toBe(
      'id,createdAt,type,source,subteamId,amount,currency,balanceAfter,overrun,reference,description\r\n' +
        '2,2026-12-01T09:00:00.000Z,usage,usage,,-0.013,EUR,9.987,0.25,r2,"Call, long"\r\n' +
        '1,2026-12-01T09:00:00.000Z,usage,usage,,-0.013,EUR,9.987,,r1,\r\n',
    );
  });

  it('reads pages by keyset, one at a time and only when the previous one was taken', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => 7 - i);
    const reads: (bigint | undefined)[] = [];
    const pages = entryPages(async (cursor, limit) => {
      reads.push(cursor);
      return ids
        .filter((id) => cursor === undefined || BigInt(id) < cursor)
        .slice(0, limit)
        .map((id) => view(id));
    }, 3);
    const csv = entriesCsv(pages, 'USD');
    await csv.next(); // the header: nothing read yet
    expect(reads).toEqual([]);
    await csv.next();
    expect(reads).toEqual([undefined]);
    await csv.next();
    expect(reads).toEqual([undefined, 5n]);
    const rest: string[] = [];
    for await (const chunk of csv) rest.push(chunk);
    // 7 entries in pages of 3: the third page is short and ends the export.
    expect(reads).toEqual([undefined, 5n, 2n]);
    expect(
      rest
        .join('')
        .split('\r\n')
        .filter(Boolean)
        .map((line) => line.split(',')[0]),
    ).toEqual(['1']);
  });

  it('reads the first page before the export starts, then the rest as they are taken', async () => {
    const reads: number[] = [];
    const pages = await firstPageRead(
      (async function* () {
        for (const page of [1, 2]) {
          reads.push(page);
          yield [view(page)];
        }
      })(),
    );
    expect(reads).toEqual([1]);
    const seen: string[] = [];
    for await (const page of pages) seen.push(page[0].id);
    expect(seen).toEqual(['1', '2']);
    expect(await (await firstPageRead((async function* () {})())).next()).toEqual({ done: true, value: undefined });
  });
});
