import type { EntryView } from './wallet.service';

/** The columns of a ledger export: the entry as the API shows it, and the wallet's currency. */
export const ENTRY_CSV_COLUMNS = [
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
] as const;

/** Rows read per query while exporting: a year of a busy agency streams through in pages this size. */
export const EXPORT_BATCH_ROWS = 1000;

/**
 * One CSV line (RFC 4180, CRLF). Free text (references, descriptions) that a spreadsheet would
 * take for a formula, because it starts with = + - @ or a control character, gets a leading
 * apostrophe; amounts are never touched, so a negative amount stays a number.
 */
export function csvLine(values: (string | null)[], freeText: ReadonlySet<number> = new Set()): string {
  return (
    values
      .map((value, index) => {
        if (value === null) return '';
        const text = freeText.has(index) && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
        return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
      })
      .join(',') + '\r\n'
  );
}

const FREE_TEXT = new Set([ENTRY_CSV_COLUMNS.indexOf('reference'), ENTRY_CSV_COLUMNS.indexOf('description')]);

/**
 * The CSV text of a ledger export, produced as it is read: the header, then each page of entries
 * (newest first) as the reader fetches it. Only one page is in memory at a time, and the next is
 * not read until the consumer has taken the previous one (a slow download slows the reads).
 */
export async function* entriesCsv(pages: AsyncIterable<EntryView[]>, currency: string): AsyncGenerator<string> {
  yield csvLine([...ENTRY_CSV_COLUMNS]);
  for await (const page of pages) {
    let chunk = '';
    for (const view of page) {
      chunk += csvLine(
        [
          view.id,
          view.createdAt,
          view.type,
          view.source,
          view.subteamId,
          view.amount,
          currency,
          view.balanceAfter,
          view.overrun,
          view.reference,
          view.description,
        ],
        FREE_TEXT,
      );
    }
    if (chunk) yield chunk;
  }
}

/** Pages of entries read by keyset (id below the last one seen), until a short page ends it. */
export async function* entryPages<Entry extends { id: string }>(
  readPage: (cursor: bigint | undefined, limit: number) => Promise<Entry[]>,
  pageRows = EXPORT_BATCH_ROWS,
): AsyncGenerator<Entry[]> {
  let cursor: bigint | undefined;
  for (;;) {
    const page = await readPage(cursor, pageRows);
    if (page.length > 0) yield page;
    if (page.length < pageRows) return;
    cursor = BigInt(page[page.length - 1].id);
  }
}

/**
 * Reads the first page before anything is sent, so a database that cannot answer gives the
 * request its usual 503 rather than a download that breaks off after the header.
 */
export async function firstPageRead<T>(pages: AsyncIterable<T>): Promise<AsyncGenerator<T>> {
  const iterator = pages[Symbol.asyncIterator]();
  const first = await iterator.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  })();
}
