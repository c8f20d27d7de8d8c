import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { AgenciesService } from '../agencies/agencies.service';
import { addDays, startOfLocalDay } from '../common/time-zones';
import { seqCursor, uuidParam } from '../common/validation';
import { LEDGER_ENTRY_TYPES, type LedgerEntryType } from '../wallet/wallet.entity';
import { type EntryQuery, WalletService } from '../wallet/wallet.service';
import { ConsolePages, PageAgency, WebPages, viewerTimeZone } from './console-http';
import type { ReachableAgency } from '../auth/console/sign-in.service';
import { fieldErrorsOf } from './form-errors';

const HISTORY_PAGE = 50;

/** The filter as typed in the page's form (query string): every field optional, blank meaning "any". */
interface HistoryForm {
  from: string;
  to: string;
  subteamId: string;
  type: string;
  cursor: string;
}

const day = z.iso.date({ message: 'Enter a date such as 2026-11-30.' });

/**
 * The history page: ledger entries by date range, subteam and type, paged, and the same selection
 * as a CSV file. Days are the viewer's own (the time zone times are shown in), turned into
 * instants here; the entries and the export come from the API's own service.
 */
@Controller('billing/:agencyId/history')
@ConsolePages()
export class HistoryController {
  constructor(
    private readonly pages: WebPages,
    private readonly wallets: WalletService,
    private readonly agencies: AgenciesService,
  ) {}

  @Get()
  async history(
    @PageAgency() agency: ReachableAgency,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ) {
    const form = formOf(query);
    const subteams = (await this.agencies.listSubteams(agency.id)).data;
    const names = new Map(subteams.map((subteam) => [subteam.id, subteam.name]));
    const context = {
      title: `${agency.name} · History`,
      nav: 'history',
      form,
      subteams,
      types: LEDGER_ENTRY_TYPES,
    };
    const parsed = filterOf(form, viewerTimeZone(request, agency.timeZone));
    if ('errors' in parsed) return this.pages.send(reply, 'billing/history', { ...context, errors: parsed.errors }, 422);
    try {
      const cursor = seqCursor.safeParse(form.cursor).success ? form.cursor : undefined;
      const page = await this.wallets.listEntries(agency.id, { ...parsed.filter, limit: HISTORY_PAGE, cursor });
      const filterQuery = queryString({ from: form.from, to: form.to, subteamId: form.subteamId, type: form.type });
      return this.pages.send(reply, 'billing/history', {
        ...context,
        entries: page.data.map((entry) => ({
          ...entry,
          subteamName: entry.subteamId ? (names.get(entry.subteamId) ?? 'Removed subteam') : null,
          credit: !entry.amount.startsWith('-'),
        })),
        olderHref: page.nextCursor ? `/billing/${agency.id}/history?${queryString({ ...form, cursor: page.nextCursor })}` : null,
        newestHref: cursor ? `/billing/${agency.id}/history${filterQuery ? `?${filterQuery}` : ''}` : null,
        exportHref: `/billing/${agency.id}/history/export${filterQuery ? `?${filterQuery}` : ''}`,
        filtered: Boolean(filterQuery),
      });
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      return this.pages.send(reply, 'billing/history', { ...context, errors }, 422);
    }
  }

  /**
   * The CSV of the same filter, streamed as the API's `format=csv` streams it. A filter the page
   * would refuse (a hand-edited link) goes back to the page, which says what is wrong.
   */
  @Get('export')
  async export(
    @PageAgency() agency: ReachableAgency,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ) {
    const form = formOf(query);
    const parsed = filterOf(form, viewerTimeZone(request, agency.timeZone));
    const back = `/billing/${agency.id}/history?${queryString({ from: form.from, to: form.to, subteamId: form.subteamId, type: form.type })}`;
    if ('errors' in parsed) return reply.redirect(back, 303);
    let lines: AsyncIterable<string>;
    try {
      ({ lines } = await this.wallets.exportEntries(agency.id, parsed.filter));
    } catch (error) {
      if (fieldErrorsOf(error)) return reply.redirect(back, 303);
      throw error;
    }
    const span = [form.from, form.to].filter(Boolean).join('-to-');
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="ledger-${span || 'all'}.csv"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(lines, { objectMode: false }));
  }
}

function formOf(query: Record<string, unknown>): HistoryForm {
  const text = (key: string) => (typeof query[key] === 'string' ? (query[key] as string).trim() : '');
  return { from: text('from'), to: text('to'), subteamId: text('subteamId'), type: text('type'), cursor: text('cursor') };
}

/** The form as the service's filter: a day starts at the viewer's local midnight; `to` takes in its whole day. */
function filterOf(form: HistoryForm, timeZone: string): { filter: EntryQuery } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  for (const key of ['from', 'to'] as const) {
    if (form[key] && !day.safeParse(form[key]).success) errors[key] = 'Enter a date such as 2026-11-30.';
  }
  if (form.subteamId && !uuidParam.safeParse(form.subteamId).success) errors.subteamId = 'Choose a subteam from the list.';
  if (form.type && !(LEDGER_ENTRY_TYPES as readonly string[]).includes(form.type)) errors.type = 'Choose a type from the list.';
  if (Object.keys(errors).length) return { errors };
  return {
    filter: {
      from: form.from ? startOfLocalDay(form.from, timeZone).toISOString() : undefined,
      to: form.to ? startOfLocalDay(addDays(form.to, 1), timeZone).toISOString() : undefined,
      subteamId: form.subteamId || undefined,
      type: (form.type || undefined) as LedgerEntryType | undefined,
    },
  };
}

function queryString(values: Record<string, string>): string {
  return new URLSearchParams(Object.entries(values).filter(([, value]) => value !== '')).toString();
}
