import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AgenciesModule } from '../agencies/agencies.module';
import { AuditModule } from '../audit/audit.module';
import { HealthModule } from '../health/health.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { CardExpiryService } from './card-expiry.service';
import { PaymentMethodLookupService } from './payment-method-lookup.service';
import { PaymentMethodsController } from './payment-methods.controller';
import { PaymentMethodsRepository } from './payment-methods.repository';
import { PaymentMethodsService } from './payment-methods.service';
import { StripeGateway } from './stripe.gateway';
import { StripeSandbox } from './stripe-sandbox';
import { StripeWebhooksController } from './stripe-webhooks.controller';
import { StripeWebhooksService } from './stripe-webhooks.service';
import { StripeEventsRepository } from './stripe-events.repository';

@Module({
  imports: [AgenciesModule, AuditModule, HealthModule, NotificationsModule],
  controllers: [PaymentMethodsController, StripeWebhooksController],
  providers: [
    // Started before the gateway, which points the SDK at it.
    { provide: StripeSandbox, useFactory: (config: AppConfig) => StripeSandbox.start(config), inject: [APP_CONFIG] },
    StripeGateway,
    PaymentMethodsRepository,
    PaymentMethodsService,
    PaymentMethodLookupService,
    StripeWebhooksService,
    StripeEventsRepository,
    CardExpiryService,
  ],
  exports: [StripeSandbox, StripeGateway, PaymentMethodsService, PaymentMethodLookupService, StripeWebhooksService, CardExpiryService],
})
export class PaymentsModule {}
