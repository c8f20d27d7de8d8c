import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ReloadAttemptsService } from '../auto-reload/attempts/reload-attempts.service';
import { RequestId } from '../auth/auth.decorators';
import { DomainError } from '../common/errors';
import { ZodPipe, uuidParam } from '../common/validation';
import { PaymentMethodsService } from '../payments/payment-methods.service';
import { ConsolePages, CurrentSession, OwnerOnly, PageAgency, WebPages, consoleActor } from './console-http';
import type { ConsoleSession, ReachableAgency } from '../auth/console/sign-in.service';
import { present } from '../common/present';

type Method = Pick<
  Awaited<ReturnType<PaymentMethodsService['list']>>['data'][number],
  'type' | 'bankName' | 'brand' | 'last4' | 'expMonth' | 'expYear'
>;

/** How a saved method reads on the page: "Visa card ending in 4242, expires 12/2029". */
function describe(method: Method): string {
  if (method.type === 'us_bank_account') return `${method.bankName ?? 'Bank account'} account ending in ${method.last4}`;
  const brand = method.brand ? method.brand.charAt(0).toUpperCase() + method.brand.slice(1) : 'Card';
  const expires = method.expMonth && method.expYear ? `, expires ${String(method.expMonth).padStart(2, '0')}/${method.expYear}` : '';
  return `${brand} card ending in ${method.last4}${expires}`;
}

/**
 * Payment methods in priority order (reorder, remove, add through Stripe Checkout in setup mode) and
 * the 3D Secure step of a reload. Adding and authenticating leave for Stripe's pages by a link (GET)
 * rather than a form: the pages' Content-Security-Policy allows forms to submit only to this service,
 * and a browser applies that to a form's redirect to Stripe as well.
 */
@Controller('billing/:agencyId')
@ConsolePages()
export class PaymentPagesController {
  constructor(
    private readonly pages: WebPages,
    private readonly methods: PaymentMethodsService,
    private readonly attempts: ReloadAttemptsService,
  ) {}

  @Get('payment-methods')
  async list(
    @PageAgency() agency: ReachableAgency,
    @Query() query: Record<string, string | undefined>,
    @Res() reply: FastifyReply,
    notice?: { kind: string; text: string; next?: string },
    status = 200,
  ) {
    const { data } = await this.methods.list(agency.id);
    const methods = data.map((method, index) => ({
      ...method,
      description: describe(method),
      first: index === 0,
      last: index === data.length - 1,
      added: method.id === query.added,
    }));
    const added = methods.find((method) => method.added);
    const shown =
      notice ??
      (added
        ? { kind: 'success', text: `${added.description} is saved${added.isDefault ? ' and is now the default' : ` as number ${added.priority}`}.` }
        : query.canceled
          ? { kind: 'info', text: 'Nothing was added: you left Stripe’s page without saving a payment method.' }
          : undefined);
    return this.pages.send(
      reply,
      'billing/payment-methods',
      { title: `${agency.name} · Payment methods`, nav: 'payment-methods', methods, notice: shown },
      status,
    );
  }

  /** Leaves for Stripe Checkout (setup mode), which comes back to `added`. */
  @Get('payment-methods/add')
  @OwnerOnly()
  async add(
    @CurrentSession() session: ConsoleSession,
    @PageAgency() agency: ReachableAgency,
    @RequestId() requestId: string,
    @Res() reply: FastifyReply,
  ) {
    const base = `${this.pages.config.publicBaseUrl}/billing/${agency.id}/payment-methods`;
    try {
      const checkout = await this.methods.startSetup(consoleActor(session, agency.id, requestId), agency.id, {
        successUrl: `${base}/added?session_id={CHECKOUT_SESSION_ID}`,
        cancelUrl: `${base}?canceled=1`,
      });
      return reply.redirect(present(checkout.url, "the Checkout page's address"), 303);
    } catch (error) {
      return this.failed(agency, reply, error, 'Stripe could not open its page to add a payment method');
    }
  }

  /** Back from Checkout: saves what it collected (once; Stripe's webhook may have already). */
  @Get('payment-methods/added')
  @OwnerOnly()
  async added(
    @CurrentSession() session: ConsoleSession,
    @PageAgency() agency: ReachableAgency,
    @RequestId() requestId: string,
    @Query('session_id') sessionId: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    try {
      if (!sessionId || !/^cs_\w{1,200}$/.test(sessionId)) throw new Error('no session');
      const saved = await this.methods.completeSetup(consoleActor(session, agency.id, requestId), agency.id, sessionId);
      return reply.redirect(`/billing/${agency.id}/payment-methods?added=${saved.method.id}`, 303);
    } catch (error) {
      return this.failed(agency, reply, error, 'The payment method could not be saved');
    }
  }

  @Post('payment-methods/:methodId/move')
  @OwnerOnly()
  async move(
    @CurrentSession() session: ConsoleSession,
    @PageAgency() agency: ReachableAgency,
    @RequestId() requestId: string,
    @Param('methodId', new ZodPipe(uuidParam)) methodId: string,
    @Body() body: { direction?: string },
    @Res() reply: FastifyReply,
  ) {
    const ids = (await this.methods.list(agency.id)).data.map((method) => method.id);
    const at = ids.indexOf(methodId);
    const to = body.direction === 'up' ? at - 1 : at + 1;
    if (at >= 0 && to >= 0 && to < ids.length) {
      [ids[at], ids[to]] = [ids[to], ids[at]];
      try {
        await this.methods.reorder(consoleActor(session, agency.id, requestId), agency.id, ids);
      } catch (error) {
        return this.failed(agency, reply, error, 'The order could not be changed');
      }
    }
    return reply.redirect(`/billing/${agency.id}/payment-methods`, 303);
  }

  @Post('payment-methods/:methodId/remove')
  @OwnerOnly()
  async remove(
    @CurrentSession() session: ConsoleSession,
    @PageAgency() agency: ReachableAgency,
    @RequestId() requestId: string,
    @Param('methodId', new ZodPipe(uuidParam)) methodId: string,
    @Res() reply: FastifyReply,
  ) {
    try {
      await this.methods.remove(consoleActor(session, agency.id, requestId), agency.id, methodId);
    } catch (error) {
      return this.failed(agency, reply, error, 'The payment method could not be removed');
    }
    return reply.redirect(`/billing/${agency.id}/payment-methods`, 303);
  }

  /**
   * The link in the `requires-action` email. Before: what the bank asks and a link to its check.
   * Back from the bank (Stripe adds `payment_intent`): where the payment stands, and the credit.
   */
  @Get('reload-attempts/:attemptId/authenticate')
  async authenticate(
    @PageAgency() agency: ReachableAgency,
    @Param('attemptId', new ZodPipe(uuidParam)) attemptId: string,
    @Query('payment_intent') returned: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const title = `${agency.name} · Confirm a payment`;
    try {
      const result = await this.attempts.finishAuthentication(agency.id, attemptId);
      const { attempt } = result;
      let notice: { kind: string; text: string; next?: string } | undefined;
      if (returned && result.status === 'failed') {
        notice = {
          kind: 'error',
          text: `Your bank did not confirm the payment: ${result.message ?? 'the check failed'}`,
          next: 'Try again, or add another card on the Payment methods page.',
        };
      }
      const method = attempt.paymentMethod as Partial<Method> | null;
      const methodName = method
        ? describe({ type: 'card', bankName: null, brand: null, last4: null, expMonth: null, expYear: null, ...method }).replace(/, expires .*/, '')
        : null;
      return this.pages.send(reply, 'billing/authenticate', {
        title,
        nav: 'reload-attempts',
        attempt,
        methodName,
        result,
        notice,
        canStart: result.status !== 'succeeded' && result.status !== 'processing',
      });
    } catch (error) {
      return this.failed(agency, reply, error, 'This payment cannot be confirmed', 'billing/authenticate', { title, nav: 'reload-attempts' });
    }
  }

  /** Confirms the payment with the cardholder present and follows Stripe's redirect to the bank's check. */
  @Get('reload-attempts/:attemptId/authenticate/start')
  @OwnerOnly()
  async startAuthentication(
    @CurrentSession() session: ConsoleSession,
    @PageAgency() agency: ReachableAgency,
    @RequestId() requestId: string,
    @Param('attemptId', new ZodPipe(uuidParam)) attemptId: string,
    @Res() reply: FastifyReply,
  ) {
    const page = `/billing/${agency.id}/reload-attempts/${attemptId}/authenticate`;
    try {
      const started = await this.attempts.startAuthentication(consoleActor(session, agency.id, requestId), agency.id, attemptId);
      return reply.redirect(started.redirectUrl ?? page, 303);
    } catch (error) {
      return this.failed(agency, reply, error, 'This payment cannot be confirmed', 'billing/authenticate', {
        title: `${agency.name} · Confirm a payment`,
        nav: 'reload-attempts',
      });
    }
  }

  /** A refusal in words on the page (the service's own message), never a bare error page. */
  private failed(
    agency: ReachableAgency,
    reply: FastifyReply,
    error: unknown,
    headline: string,
    page = 'billing/payment-methods',
    context: Record<string, unknown> = {},
  ) {
    if (!(error instanceof DomainError) && !(error instanceof Error && error.message === 'no session')) throw error;
    const status = error instanceof DomainError ? error.status : 422;
    const text = error instanceof DomainError ? `${headline}: ${error.message}.` : `${headline}: Stripe's page did not name what was added.`;
    if (page === 'billing/payment-methods') return this.list(agency, {}, reply, { kind: 'error', text }, status);
    return this.pages.send(reply, page, { title: headline, ...context, notice: { kind: 'error', text } }, status);
  }
}
