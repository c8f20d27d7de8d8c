import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { Roles } from '../auth/auth.decorators';
import { ZodPipe, limitParam, uuidParam, seqCursor } from '../common/validation';
import { LEDGER_ENTRY_TYPES } from './wallet.entity';
import { ApiDoc } from '../openapi/api-doc';
import { page } from '../openapi/schemas';
import { WalletService } from './wallet.service';
import { entrySchema, walletSchema } from './wallet.schemas';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (value: string) => z.iso.date().safeParse(value).success;
const isInstant = (value: string) => z.iso.datetime({ offset: true }).safeParse(value).success;

/** A local calendar day of the agency, or an instant with its offset. */
const dayOrInstant = z
  .string()
  .refine(
    (value) => (DAY.test(value) ? isDay(value) : isInstant(value)),
    'must be a date (YYYY-MM-DD) or an ISO 8601 time with its offset (2026-12-01T09:00:00Z)',
  );

/** JSON pages, or (`format=csv`) every entry the filter selects in one streamed CSV file. */
const entriesQuery = z
  .strictObject({
    subteamId: uuidParam.optional(),
    type: z.enum(LEDGER_ENTRY_TYPES).optional(),
    from: dayOrInstant.optional(),
    to: dayOrInstant.optional(),
    format: z.enum(['json', 'csv']).default('json'),
    limit: limitParam.removeDefault().optional(),
    cursor: seqCursor.optional(),
  })
  .superRefine((query, ctx) => {
    if (query.format !== 'csv') return;
    for (const key of ['limit', 'cursor'] as const) {
      if (query[key] !== undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: 'pages are for JSON: a CSV export holds every entry the filter selects' });
    }
  });

@Controller('agencies/:agencyId/wallet')
@Roles('owner', 'admin', 'support')
export class WalletController {
  constructor(private readonly wallets: WalletService) {}

  @Get()
  @ApiDoc({ tag: 'Wallet', summary: 'The wallet: balance, held, available, pending', responses: { 200: walletSchema } })
  async get(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    const { row: _row, ...view } = await this.wallets.getWallet(agencyId);
    return view;
  }

  @Get('entries')
  @ApiDoc({
    tag: 'Wallet',
    summary: 'Ledger entries, newest first',
    description: '`format=csv` answers every entry the filter selects as one `text/csv` file instead of JSON pages.',
    paginated: true,
    responses: { 200: page(entrySchema) },
  })
  async entries(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string, @Query(new ZodPipe(entriesQuery)) query: z.output<typeof entriesQuery>) {
    if (query.format === 'json') return this.wallets.listEntries(agencyId, { ...query, limit: query.limit ?? limitParam.parse(undefined) });
    const { lines } = await this.wallets.exportEntries(agencyId, query);
    return new StreamableFile(Readable.from(lines, { objectMode: false }), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="ledger-${agencyId}.csv"`,
    });
  }
}
