import type Stripe from 'stripe';
import { invalidRequest, noSuch } from '../errors';
import type { Params } from '../form';
import { allowOnly, optObject, optString } from '../params';
import type { Router } from '../router';
import type { Services } from '../services';
import { clone, newId, nowSeconds } from '../util';

/**
 * Mandates: the customer's permission to debit a bank account later. Recorded when a SetupIntent (or
 * Checkout in setup mode) saves a `us_bank_account`, or from `mandate_data` on a confirmation.
 */
export class Mandates {
  constructor(private readonly s: Services) {}

  routes(router: Router): void {
    router.get('/v1/mandates/:id', ({ pathParams, params }) => {
      allowOnly(params, ['expand']);
      return clone(this.require(pathParams.id));
    });
  }

  require(id: string, param?: string): Stripe.Mandate {
    const mandate = this.s.store.mandates.get(id);
    if (!mandate) throw noSuch('mandate', id, param);
    return mandate;
  }

  /** A multi-use mandate for a bank account, from `mandate_data[customer_acceptance]` or a hosted page. */
  record(paymentMethod: Stripe.PaymentMethod, acceptance: Stripe.Mandate.CustomerAcceptance): Stripe.Mandate {
    const mandate: Stripe.Mandate = {
      id: newId('mandate'),
      object: 'mandate',
      customer_acceptance: acceptance,
      livemode: false,
      multi_use: {},
      payment_method: paymentMethod.id,
      payment_method_details: {
        type: 'us_bank_account',
        us_bank_account: { collection_method: null, payment_schedule: null },
      } as unknown as Stripe.Mandate.PaymentMethodDetails,
      status: 'active',
      type: 'multi_use',
    } as unknown as Stripe.Mandate;
    this.s.store.mandates.set(mandate.id, mandate);
    this.s.paymentMethods.state(paymentMethod.id).mandate = mandate.id;
    return mandate;
  }

  /** `mandate_data[customer_acceptance][type]=online&…[online][ip_address]=…&…[online][user_agent]=…`. */
  acceptanceFrom(params: Params, param = 'mandate_data'): Stripe.Mandate.CustomerAcceptance | undefined {
    const data = optObject(params, param);
    if (!data) return undefined;
    allowOnly(data, ['customer_acceptance']);
    const acceptance = optObject(data, 'customer_acceptance');
    if (!acceptance)
      throw invalidRequest('Missing required param: mandate_data[customer_acceptance].', {
        code: 'parameter_missing',
        param: `${param}[customer_acceptance]`,
      });
    allowOnly(acceptance, ['accepted_at', 'offline', 'online', 'type']);
    const type = optString(acceptance, 'type');
    if (type !== 'online' && type !== 'offline') {
      throw invalidRequest('Invalid customer_acceptance[type]: must be one of online, offline', { param: `${param}[customer_acceptance][type]` });
    }
    const online = optObject(acceptance, 'online');
    if (type === 'online' && (!online || !optString(online, 'ip_address') || !optString(online, 'user_agent'))) {
      throw invalidRequest('Online acceptance needs ip_address and user_agent.', { param: `${param}[customer_acceptance][online]` });
    }
    return {
      accepted_at: nowSeconds(),
      ...(type === 'online'
        ? { online: { ip_address: optString(online!, 'ip_address')!, user_agent: optString(online!, 'user_agent')! } }
        : { offline: {} }),
      type,
    } as Stripe.Mandate.CustomerAcceptance;
  }

  /** The mandate a bank debit runs under: the one named, one given now, or the one saved with the method. */
  forBankDebit(paymentMethod: Stripe.PaymentMethod, params: Params): string {
    const named = optString(params, 'mandate');
    if (named) {
      const mandate = this.require(named, 'mandate');
      if (mandate.payment_method !== paymentMethod.id) {
        throw invalidRequest(`The mandate ${named} does not belong to the PaymentMethod ${paymentMethod.id}.`, {
          code: 'payment_intent_mandate_invalid',
          param: 'mandate',
        });
      }
      return mandate.id;
    }
    const acceptance = this.acceptanceFrom(params);
    if (acceptance) return this.record(paymentMethod, acceptance).id;
    const saved = this.s.paymentMethods.state(paymentMethod.id).mandate;
    if (saved) return saved;
    throw invalidRequest(
      'This PaymentIntent requires a mandate, but no existing mandate was found. Collect mandate acceptance from the customer (a SetupIntent or Checkout Session in setup mode records one) and try again, providing acceptance data in the mandate_data parameter.',
      { code: 'payment_intent_mandate_invalid', param: 'mandate_data' },
    );
  }
}
