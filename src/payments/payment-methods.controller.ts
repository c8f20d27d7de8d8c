import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, RequestId, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ZodPipe, uuidParam } from '../common/validation';
import { AgencyLimit } from '../auth/rate-limit/agency-limits';
import { PaymentMethodsService } from './payment-methods.service';
import { ApiDoc } from '../openapi/api-doc';
import { list } from '../openapi/schemas';
import { paymentMethodSchema, setupSessionSchema } from './payment-methods.schemas';

const addBody = z.strictObject({
  stripePaymentMethodId: z.string().regex(/^pm_\w{1,200}$/, 'must be a Stripe PaymentMethod id (pm_…)'),
});
const orderBody = z.strictObject({ ids: z.array(uuidParam).min(1).max(50) });
const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);
const setupBody = z.strictObject({ successUrl: httpUrl.optional(), cancelUrl: httpUrl.optional() });
const sessionParam = z.string().regex(/^cs_\w{1,200}$/, 'must be a Stripe Checkout Session id (cs_…)');

@Controller('agencies/:agencyId/payment-methods')
@Roles('owner', 'admin')
export class PaymentMethodsController {
  constructor(private readonly methods: PaymentMethodsService) {}

  @Post()
  @ApiDoc({
    tag: 'Payments',
    summary: 'Save a card confirmed with Stripe (pm_…); bank accounts go through setup sessions',
    responses: { 201: paymentMethodSchema },
    errors: ['card_declined', 'payment_provider_unavailable'],
  })
  @HttpCode(201)
  @AgencyLimit('payments')
  async add(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(addBody)) body: z.output<typeof addBody>,
  ) {
    return (await this.methods.add({ principal, requestId }, agencyId, body.stripePaymentMethodId)).method;
  }

  /** Stripe Checkout in setup mode: open `url` to save a card or a US bank account on Stripe's page. */
  @Post('setup-sessions')
  @ApiDoc({
    tag: 'Payments',
    summary: 'Start Stripe Checkout in setup mode to save a card or US bank account',
    description: 'Open `url`; Stripe sends the person to `successUrl` (default: the billing page) with `session_id`, then complete the session.',
    responses: { 201: setupSessionSchema },
    errors: ['payment_provider_unavailable'],
  })
  @HttpCode(201)
  @AgencyLimit('payments')
  startSetup(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(setupBody)) body: z.output<typeof setupBody>,
  ) {
    return this.methods.startSetup({ principal, requestId }, agencyId, body);
  }

  /** After Checkout: saves what the session collected (once; Stripe's webhook may have saved it already). */
  @Post('setup-sessions/:sessionId/complete')
  @ApiDoc({
    tag: 'Payments',
    summary: 'Save what a completed setup session collected (once; the webhook may have saved it already)',
    responses: { 200: paymentMethodSchema },
    errors: ['payment_provider_unavailable'],
  })
  @HttpCode(200)
  @AgencyLimit('payments')
  async completeSetup(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Param('sessionId', new ZodPipe(sessionParam)) sessionId: string,
  ) {
    return (await this.methods.completeSetup({ principal, requestId }, agencyId, sessionId)).method;
  }

  @Get()
  @ApiDoc({ tag: 'Payments', summary: 'Saved payment methods, in the order auto-reload tries them', responses: { 200: list(paymentMethodSchema) } })
  @Roles('owner', 'admin', 'support')
  list(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    return this.methods.list(agencyId);
  }

  @Put('order')
  @ApiDoc({ tag: 'Payments', summary: 'Reorder payment methods (the first is the default)', responses: { 200: list(paymentMethodSchema) } })
  @AgencyLimit('payments')
  reorder(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(orderBody)) body: z.output<typeof orderBody>,
  ) {
    return this.methods.reorder({ principal, requestId }, agencyId, body.ids);
  }

  @Delete(':id')
  @ApiDoc({ tag: 'Payments', summary: 'Remove a payment method', responses: { 204: null }, errors: ['payment_provider_unavailable'] })
  @HttpCode(204)
  @AgencyLimit('payments')
  async remove(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Param('id', new ZodPipe(uuidParam)) id: string,
  ) {
    await this.methods.remove({ principal, requestId }, agencyId, id);
  }
}
