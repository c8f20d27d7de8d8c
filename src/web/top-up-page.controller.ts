import { Body, Controller, Get, Inject, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { topUpBody } from '../auto-reload/auto-reload.schemas';
import { TopUpsService } from '../auto-reload/top-ups/top-ups.service';
import { PaymentFailedError, PaymentProviderUnavailableError, ValidationError } from '../common/errors';
import { AgencyLimit } from '../auth/rate-limit/agency-limits';
import { checkMoney, validationError } from '../common/validation';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { paymentMethodInWords } from '../notifications/email-templates';
import { PaymentMethodsService } from '../payments/payment-methods.service';
import { ConsolePages, OwnerOnly, PageAgency, WebPages } from './console-http';
import type { ReachableAgency } from '../auth/console/sign-in.service';
import { type FieldErrors, type FormValues, fieldErrorsOf, typedAmount } from './forms';
import { displayMoney } from './views';
import { bankAllowSentence } from './words';

type AttemptView = {
  id: string;
  amount: string;
  status: string;
  paymentMethod: { type: string; brand: string | null; last4: string | null } | null;
  declineReason: string | null;
  declineNextStep: string | null;
  /** The name charges carry on bank statements: what the owner asks the bank to allow. */
  statementDescriptor: string | null;
};

/** `/billing/:agencyId/top-up`: charge a saved method now, through the API's top-up service. */
@Controller('billing/:agencyId/top-up')
@ConsolePages()
export class TopUpPageController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pages: WebPages,
    private readonly topUps: TopUpsService,
    private readonly methods: PaymentMethodsService,
  ) {}

  @Get()
  show(@PageAgency() agency: ReachableAgency, @Res() reply: FastifyReply) {
    return this.page(reply, agency, {});
  }

  /** The form's idempotency key makes a double submit (or a retry after Stripe was down) the same top-up. */
  @Post()
  @OwnerOnly()
  @AgencyLimit('payments')
  async topUp(@PageAgency() agency: ReachableAgency, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const form = {
      amount: typedAmount(body.amount),
      paymentMethodId: typeof body.paymentMethodId === 'string' ? body.paymentMethodId : '',
      idempotencyKey: typeof body.idempotencyKey === 'string' && body.idempotencyKey ? body.idempotencyKey : randomUUID(),
    };
    const money = (value: string) => displayMoney(value, agency.currency);
    try {
      const parsed = topUpBody.safeParse({ amount: form.amount, paymentMethodId: form.paymentMethodId || undefined });
      if (!parsed.success) throw validationError(parsed.error);
      checkMoney('amount', parsed.data.amount, { max: this.config.money.maxReloadMicros });
      const { body: attempt } = await this.topUps.topUp(agency.id, parsed.data.amount, form.idempotencyKey, parsed.data.paymentMethodId);
      const method = attempt.paymentMethod ? `the ${paymentMethodInWords(attempt.paymentMethod)}` : 'your payment method';
      const notice =
        attempt.status === 'succeeded'
          ? { kind: 'success', text: `Done: ${money(attempt.amount)} from ${method} was added to the wallet.` }
          : attempt.status === 'pending_clearance'
            ? {
                kind: 'info',
                text: `The bank payment of ${money(attempt.amount)} from ${method} is on its way. It shows as pending and is added to the wallet when the bank confirms it, usually within a few business days.`,
              }
            : {
                kind: 'info',
                text: `The payment of ${money(attempt.amount)} is still being processed. Its outcome appears under Reload attempts in a minute.`,
              };
      return this.page(reply, agency, { notice });
    } catch (error) {
      if (error instanceof ValidationError) {
        return this.page(reply, agency, { form, errors: fieldErrorsOf(error, ['amount', 'paymentMethodId', 'paymentMethod']) }, 422);
      }
      if (error instanceof PaymentFailedError) {
        const attempt = (error.details as { attempt: AttemptView }).attempt;
        if (attempt.status === 'requires_action') {
          return this.page(reply, agency, {
            notice: {
              kind: 'warning',
              text: `The bank asks the cardholder to confirm this payment of ${money(attempt.amount)} before it goes through.`,
              link: { href: `/billing/${agency.id}/reload-attempts/${attempt.id}/authenticate`, label: 'Confirm the payment with your bank' },
            },
          });
        }
        const method = attempt.paymentMethod ? `the ${paymentMethodInWords(attempt.paymentMethod)}` : 'your payment method';
        return this.page(reply, agency, {
          notice: {
            kind: 'error',
            text: `The payment of ${money(attempt.amount)} from ${method} was declined. ${attempt.declineReason ?? 'The bank gave no reason.'}`,
            next: [attempt.declineNextStep, bankAllowSentence(attempt.statementDescriptor)].filter(Boolean).join(' ') || null,
          },
        });
      }
      if (error instanceof PaymentProviderUnavailableError) {
        return this.page(
          reply,
          agency,
          { form, notice: { kind: 'error', text: `${error.message}. Submitting this form again tells you the outcome; it never charges twice.` } },
          503,
        );
      }
      throw error;
    }
  }

  private async page(
    reply: FastifyReply,
    agency: ReachableAgency,
    extra: { form?: FormValues; errors?: FieldErrors; notice?: unknown },
    status = 200,
  ) {
    const methods = (await this.methods.list(agency.id)).data.map((method) => ({
      id: method.id,
      label: paymentMethodInWords(method),
      isDefault: method.isDefault,
    }));
    return this.pages.send(
      reply,
      'billing/top-up',
      {
        title: `${agency.name} · Top up`,
        nav: 'top-up',
        methods,
        form: extra.form ?? { amount: '', paymentMethodId: methods[0]?.id ?? '', idempotencyKey: randomUUID() },
        errors: extra.errors ?? {},
        notice: extra.notice,
      },
      status,
    );
  }
}
