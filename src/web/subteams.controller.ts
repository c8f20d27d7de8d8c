import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { createSubteamBody, updateSubteamBody } from '../agencies/agencies.schemas';
import { AgenciesService } from '../agencies/agencies.service';
import { ApiKeysService } from '../auth/api-keys.service';
import { NotFoundError } from '../common/errors';
import { uuidParam, validationError } from '../common/validation';
import { z } from 'zod';
import type { Actor } from '../agencies/agencies.service';
import { ConsolePages, OwnerOnly, PageAgency, WebPages } from './console-http';
import { PageActor } from './page-actor';
import type { ReachableAgency } from '../auth/console/sign-in.service';
import { fieldErrorsOf } from './form-errors';
import { present } from '../common/present';

type Form = Record<string, unknown>;

const DONE: Record<string, string> = {
  updated: 'The subteam was saved.',
  paused: 'The subteam is paused: its calls are refused until you resume it.',
  resumed: 'The subteam is running again.',
};

/**
 * Subteams: today's and this month's spend against each limit and what remains (the API's own
 * list, counted as the call path counts), create, edit limits, pause and resume, and a new key
 * shown once. Forms are validated by the API's schemas and saved by the API's services.
 */
@Controller('billing/:agencyId/subteams')
@ConsolePages()
export class SubteamsController {
  constructor(
    private readonly pages: WebPages,
    private readonly agencies: AgenciesService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @Get()
  async list(@PageAgency() agency: ReachableAgency, @Res() reply: FastifyReply, @Query('done') done?: string) {
    return this.sendList(reply, agency, { notice: done && DONE[done] ? { kind: 'success', text: DONE[done] } : undefined });
  }

  @Post()
  @OwnerOnly()
  async create(@PageAgency() agency: ReachableAgency, @PageActor() actor: Actor, @Res() reply: FastifyReply, @Body() body: Form) {
    const { typed, parsed } = subteamForm(body, createSubteamBody);
    if (!parsed.success) return this.sendList(reply, agency, { createForm: typed, createErrors: fieldErrorsOf(validationError(parsed.error)) }, 422);
    const created = await this.agencies.createSubteam(actor, agency.id, parsed.data);
    // The key is shown on this answer only: it is stored as a hash, and a reload of the list does not show it.
    return this.sendList(reply, agency, { newKey: { subteamName: created.name, apiKey: created.apiKey, created: true } }, 201);
  }

  @Get(':subteamId')
  async edit(@PageAgency() agency: ReachableAgency, @Param('subteamId') subteamId: string, @Res() reply: FastifyReply) {
    const subteam = await this.subteam(agency, subteamId);
    return this.sendEdit(reply, agency, subteam, {
      name: subteam.name,
      dailySpendLimit: subteam.dailySpendLimit ?? '',
      monthlySpendLimit: subteam.monthlySpendLimit ?? '',
    });
  }

  @Post(':subteamId')
  @OwnerOnly()
  async update(
    @PageAgency() agency: ReachableAgency,
    @PageActor() actor: Actor,
    @Param('subteamId') subteamId: string,
    @Res() reply: FastifyReply,
    @Body() body: Form,
  ) {
    const subteam = await this.subteam(agency, subteamId);
    const { typed, parsed } = subteamForm(body, updateSubteamBody);
    if (!parsed.success)
      return this.sendEdit(
        reply,
        agency,
        subteam,
        typed,
        present(fieldErrorsOf(validationError(parsed.error)), 'the fields of a validation error'),
        422,
      );
    try {
      await this.agencies.updateSubteam(actor, agency.id, subteam.id, parsed.data);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      return this.sendEdit(reply, agency, subteam, typed, errors, 422);
    }
    return reply.redirect(`/billing/${agency.id}/subteams?done=updated`, 303);
  }

  @Post(':subteamId/pause')
  @OwnerOnly()
  async pause(
    @PageAgency() agency: ReachableAgency,
    @PageActor() actor: Actor,
    @Param('subteamId') subteamId: string,
    @Res() reply: FastifyReply,
    @Body() body: Form,
  ) {
    const subteam = await this.subteam(agency, subteamId);
    const paused = body.paused === 'true';
    await this.agencies.updateSubteam(actor, agency.id, subteam.id, { paused });
    return reply.redirect(`/billing/${agency.id}/subteams?done=${paused ? 'paused' : 'resumed'}`, 303);
  }

  /** A new key for the subteam (its other keys keep working: revoke them on the API-keys routes). */
  @Post(':subteamId/keys')
  @OwnerOnly()
  async newKey(@PageAgency() agency: ReachableAgency, @PageActor() actor: Actor, @Param('subteamId') subteamId: string, @Res() reply: FastifyReply) {
    const subteam = await this.subteam(agency, subteamId);
    const key = await this.apiKeys.create(actor, agency.id, {
      name: `${subteam.name} (console)`,
      scope: 'subteam',
      subteamId: subteam.id,
    });
    return this.sendList(reply, agency, { newKey: { subteamName: subteam.name, apiKey: key.apiKey, created: false } }, 201);
  }

  private async subteam(agency: ReachableAgency, subteamId: string) {
    const found = uuidParam.safeParse(subteamId).success
      ? (await this.agencies.listSubteams(agency.id)).data.find((subteam) => subteam.id === subteamId)
      : undefined;
    if (!found) throw new NotFoundError('Subteam');
    return found;
  }

  private async sendList(reply: FastifyReply, agency: ReachableAgency, extra: Record<string, unknown>, status = 200) {
    const { data } = await this.agencies.listSubteams(agency.id);
    return this.pages.send(
      reply,
      'billing/subteams',
      {
        title: `${agency.name} · Subteams`,
        nav: 'subteams',
        subteams: data,
        createForm: { name: '', dailySpendLimit: '', monthlySpendLimit: '' },
        ...extra,
        spendTimeZone: data[0]?.spend.timeZone ?? agency.timeZone,
      },
      status,
    );
  }

  private sendEdit(
    reply: FastifyReply,
    agency: ReachableAgency,
    subteam: { id: string; name: string },
    form: Record<string, string>,
    errors?: Record<string, string>,
    status = 200,
  ) {
    return this.pages.send(
      reply,
      'billing/subteam-edit',
      { title: `${agency.name} · ${subteam.name}`, nav: 'subteams', subteam, form, errors },
      status,
    );
  }
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * The subteam form as typed (kept for the page on an error) and as the API's schema reads it: a
 * blank limit is "no limit" (null); anything else is parsed as money there.
 */
function subteamForm<T extends z.ZodType>(body: Form, schema: T) {
  const typed = { name: text(body.name), dailySpendLimit: text(body.dailySpendLimit), monthlySpendLimit: text(body.monthlySpendLimit) };
  const limit = (value: string) => (value === '' ? null : value);
  const parsed = schema.safeParse({
    name: typed.name,
    dailySpendLimit: limit(typed.dailySpendLimit),
    monthlySpendLimit: limit(typed.monthlySpendLimit),
  });
  return { typed, parsed: parsed as z.ZodSafeParseResult<z.output<T>> };
}
