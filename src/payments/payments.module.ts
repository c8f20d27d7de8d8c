import { Module } from '@nestjs/common';
import { CardExpiryService } from './card-expiry.service';
import { PaymentMethodsController } from './payment-methods.controller';
import { PaymentMethodsRepository } from './payment-methods.repository';
import { PaymentMethodsService } from './payment-methods.service';
import { StripeGateway } from './stripe.gateway';
import { StripeWebhooksController } from './stripe-webhooks.controller';
import { StripeWebhooksService } from './stripe-webhooks.service';

@Module({
  controllers: [PaymentMethodsController, StripeWebhooksController],
  providers: [StripeGateway, PaymentMethodsRepository, PaymentMethodsService, StripeWebhooksService, CardExpiryService],
  exports: [StripeGateway, PaymentMethodsRepository, PaymentMethodsService, StripeWebhooksService, CardExpiryService],
})
export class PaymentsModule {}
