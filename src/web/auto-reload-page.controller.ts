import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AgencyLimit } from '../auth/rate-limit/agency-limits';
import { ValidationError } from '../common/errors';
import { AutoReloadService } from '../auto-reload/auto-reload.service';
import { autoReloadPatchFields } from '../auto-reload/auto-reload.schemas';
import { validationError } from '../common/validation';
import { paymentMethodInWords } from '../notifications/email-templates';
import { ConsolePages, CurrentSession, OwnerOnly, PageAgency, WebPages, consoleActor } from './console-http';
import { type FieldErrors, type FormValues, fieldErrorsOf, ticked, typedAmount } from './forms';
import type { ConsoleSession, ReachableAgency } from '../auth/console/sign-in.service';
import { displayMoney } from './views';
import { SKIP_REASONS_NOW } from './words';
import type { SkipReason } from '../auto-reload/evaluation/reload-rules';

const FIELDS = ['enabled', 'threshold', 'mode', 'amount', 'targetBalance', 'dailyCap', 'monthlyCap', 'fallbackToBackupMethods'] as const;
type Field = (typeof FIELDS)[number];

type PolicyView = Awaited<ReturnType<AutoReloadService['getPolicy']>>;

/** The policy as the form shows it: every field a string ("" for a cap that is not set). */
function formOf(policy: PolicyView): FormValues {
  return {
    enabled: String(policy.enabled),
    threshold: policy.threshold,
    mode: policy.mode,
    amount: policy.amount ?? '',
    targetBalance: policy.targetBalance ?? '',
    dailyCap: policy.dailyCap ?? '',
    monthlyCap: policy.monthlyCap ?? '',
    fallbackToBackupMethods: String(policy.fallbackToBackupMethods),
  };
}

function formFromBody(body: Record<string, unknown>): FormValues {
  return {
    enabled: String(ticked(body.enabled)),
    threshold: typedAmount(body.threshold),
    mode: body.mode === 'to_target' ? 'to_target' : 'fixed',
    amount: typedAmount(body.amount),
    targetBalance: typedAmount(body.targetBalance),
    dailyCap: typedAmount(body.dailyCap),
    monthlyCap: typedAmount(body.monthlyCap),
    fallbackToBackupMethods: String(ticked(body.fallbackToBackupMethods)),
  };
}

/** Same amount typed two ways ("50" and "50.00") is no change. */
function sameValue(a: string, b: string): boolean {
  if (a === b) return true;
  const number = /^-?\d+(\.\d+)?$/;
  return number.test(a) && number.test(b) && Number(a) === Number(b);
}

/**
 * The fields the form changed, as the API's PATCH takes them. An emptied cap clears it (null); the
 * amount of the mode not chosen is left alone.
 */
function patchOf(form: FormValues, original: FormValues): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const field of FIELDS) {
    if (sameValue(form[field], original[field] ?? '')) continue;
    if (field === 'enabled' || field === 'fallbackToBackupMethods') patch[field] = form[field] === 'true';
    else if (field === 'dailyCap' || field === 'monthlyCap') patch[field] = form[field] === '' ? null : form[field];
    else if ((field === 'amount' && form.mode !== 'fixed') || (field === 'targetBalance' && form.mode !== 'to_target')) continue;
    else patch[field] = form[field];
  }
  return patch;
}

/** `/billing/:agencyId/auto-reload`: the policy form (saved as a PATCH of what changed), the dry run, the suspension. */
@Controller('billing/:agencyId/auto-reload')
@ConsolePages()
export class AutoReloadPageController {
  constructor(
    private readonly pages: WebPages,
    private readonly autoReload: AutoReloadService,
  ) {}

  @Get()
  async show(@PageAgency() agency: ReachableAgency, @Res() reply: FastifyReply) {
    const policy = await this.autoReload.getPolicy(agency.id);
    return this.page(reply, agency, policy, { form: formOf(policy) });
  }

  @Post()
  @OwnerOnly()
  @AgencyLimit('emails')
  async save(
    @PageAgency() agency: ReachableAgency,
    @CurrentSession() session: ConsoleSession,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const policy = await this.autoReload.getPolicy(agency.id);
    const form = formFromBody(body);
    let original: FormValues;
    try {
      original = JSON.parse(String(body.original ?? '')) as FormValues;
    } catch {
      original = formOf(policy);
    }
    // Only what the form changed, and of that only what is not so already (a form sent twice, or
    // the same change made meanwhile elsewhere), so a resubmission emails nobody.
    const patch = patchOf(form, original);
    const current = formOf(policy);
    for (const field of Object.keys(patch) as Field[]) if (sameValue(form[field], current[field])) Reflect.deleteProperty(patch, field);
    if (!Object.keys(patch).length) {
      return this.page(reply, agency, policy, { form, notice: { kind: 'info', text: 'Nothing changed: the settings are as they were.' } });
    }
    try {
      const parsed = autoReloadPatchFields.safeParse(patch);
      if (!parsed.success) throw validationError(parsed.error);
      const saved = await this.autoReload.patchPolicy(consoleActor(session, agency.id, reply.request.id), agency.id, {
        enabled: parsed.data.enabled,
        thresholdMicros: parsed.data.threshold,
        mode: parsed.data.mode,
        amountMicros: parsed.data.amount,
        targetBalanceMicros: parsed.data.targetBalance,
        dailyCapMicros: parsed.data.dailyCap,
        monthlyCapMicros: parsed.data.monthlyCap,
        fallbackToBackupMethods: parsed.data.fallbackToBackupMethods,
      });
      const changed = Object.keys(patch).length;
      return this.page(reply, agency, saved, {
        form: formOf(saved),
        notice: { kind: 'success', text: `Saved ${changed} change${changed === 1 ? '' : 's'}. The billing contacts get an email listing them.` },
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return this.page(reply, agency, policy, { form, original, errors: fieldErrorsOf(error, FIELDS) }, 422);
    }
  }

  /** Turning auto-reload on again is the owner's answer to a suspension: the API lifts it the same way. */
  @Post('resume')
  @OwnerOnly()
  @AgencyLimit('emails')
  async resume(@PageAgency() agency: ReachableAgency, @CurrentSession() session: ConsoleSession, @Res() reply: FastifyReply) {
    const saved = await this.autoReload.patchPolicy(consoleActor(session, agency.id, reply.request.id), agency.id, { enabled: true });
    return this.page(reply, agency, saved, {
      form: formOf(saved),
      notice: { kind: 'success', text: 'Auto-reload is on again; the next reload is tried when funds drop below the threshold.' },
    });
  }

  /** A dry run: charges nothing and records nothing, so viewers may ask too. */
  @Post('test')
  async test(@PageAgency() agency: ReachableAgency, @Res() reply: FastifyReply) {
    const [policy, result] = await Promise.all([this.autoReload.getPolicy(agency.id), this.autoReload.dryRun(agency.id)]);
    const money = (value: string) => displayMoney(value, agency.currency);
    const method = result.paymentMethod ? `the ${paymentMethodInWords(result.paymentMethod)}` : 'no saved payment method';
    const sentence =
      result.wouldReload && result.amount !== null
        ? `If funds were checked now, ${money(result.amount)} would be charged to ${method}.`
        : `If funds were checked now, nothing would be charged: ${SKIP_REASONS_NOW[result.reason as SkipReason] ?? result.explanation}.`;
    return this.page(reply, agency, policy, { form: formOf(policy), dryRun: { sentence, warnings: result.warnings } });
  }

  private page(
    reply: FastifyReply,
    agency: ReachableAgency,
    policy: PolicyView,
    extra: { form: FormValues; original?: FormValues; errors?: FieldErrors; notice?: unknown; dryRun?: unknown },
    status = 200,
  ) {
    return this.pages.send(
      reply,
      'billing/auto-reload',
      {
        title: `${agency.name} · Auto-reload`,
        nav: 'auto-reload',
        policy,
        original: JSON.stringify(extra.original ?? formOf(policy)),
        errors: {},
        ...extra,
      },
      status,
    );
  }
}
