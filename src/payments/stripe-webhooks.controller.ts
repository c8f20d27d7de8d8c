import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { SignedWebhook } from '../auth/auth.decorators';
import { StripeWebhooksService } from './stripe-webhooks.service';
import { z } from 'zod';
import { ApiDoc } from '../openapi/api-doc';

@Controller('webhooks/stripe')
@SignedWebhook()
export class StripeWebhooksController {
  constructor(private readonly webhooks: StripeWebhooksService) {}

  /** Stripe signs the raw body; a bad or stale signature is 400 and changes nothing. */
  @Post()
  @ApiDoc({
    tag: 'Operations',
    summary: 'Stripe webhook events (for Stripe, not for clients)',
    description: 'Verified with the `Stripe-Signature` header over the raw body; a bad or stale signature is 400 and changes nothing.',
    requestBody: z.looseObject({ id: z.string(), type: z.string() }).meta({ description: 'A Stripe event' }),
    responses: { 200: z.looseObject({ received: z.boolean() }) },
  })
  @HttpCode(200)
  receive(@Req() request: RawBodyRequest<FastifyRequest>, @Headers('stripe-signature') signature: string | undefined) {
    return this.webhooks.receive(request.rawBody ?? Buffer.alloc(0), signature);
  }
}
