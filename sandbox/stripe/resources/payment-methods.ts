import type Stripe from 'stripe';
import { ApiError, docUrl, invalidRequest, noSuch } from '../errors';
import type { Params } from '../form';
import { paginate } from '../list';
import { allowOnly, applyMetadata, optInt, optObject, optString, reqString } from '../params';
import type { RequestContext, Router } from '../router';
import type { Services } from '../services';
import type { PaymentMethodState } from '../store';
import { findTestPaymentMethod, testPaymentMethodForBankAccount, testPaymentMethodForToken, type TestPaymentMethod } from '../test-payment-methods';
import { clone, fingerprint, newId, nowSeconds, previousAttributes } from '../util';
import { toAddress } from './customers';

const LIST_PARAMS = ['allow_redisplay', 'customer', 'customer_account', 'ending_before', 'expand', 'limit', 'starting_after', 'type'];
const CUSTOMER_LIST_PARAMS = ['allow_redisplay', 'ending_before', 'expand', 'limit', 'starting_after', 'type'];
const CREATE_PARAMS = ['allow_redisplay', 'billing_details', 'card', 'customer', 'expand', 'metadata', 'payment_method', 'type', 'us_bank_account'];
const UPDATE_PARAMS = ['allow_redisplay', 'billing_details', 'card', 'expand', 'metadata', 'us_bank_account'];

const SPENT_MESSAGE =
  'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.';

export class PaymentMethods {
  constructor(private readonly s: Services) {}

  routes(router: Router): void {
    router.post('/v1/payment_methods', ({ params, ctx }) => this.create(params, ctx));
    router.get('/v1/payment_methods', ({ params }) => this.list(params));
    router.get('/v1/payment_methods/:id', ({ pathParams, params }) => {
      allowOnly(params, ['expand']);
      return clone(this.resolve(pathParams.id));
    });
    router.post('/v1/payment_methods/:id', ({ pathParams, params, ctx }) => this.update(pathParams.id, params, ctx));
    router.post('/v1/payment_methods/:id/attach', ({ pathParams, params, ctx }) => this.attach(pathParams.id, params, ctx));
    router.post('/v1/payment_methods/:id/detach', ({ pathParams, params, ctx }) => this.detach(pathParams.id, params, ctx));
  }

  /**
   * A stored PaymentMethod, or a fresh copy of a test one (`pm_card_visa` → `pm_…`): Stripe makes a new
   * PaymentMethod each time a test id is used, and the copy keeps the test behaviour.
   */
  resolve(id: string, param?: string): Stripe.PaymentMethod {
    const stored = this.s.store.paymentMethods.get(id);
    if (stored) return stored;
    const test = findTestPaymentMethod(id);
    if (!test) throw noSuch('PaymentMethod', id, param);
    return this.store(build(test), test);
  }

  state(id: string): PaymentMethodState {
    const state = this.s.store.paymentMethodState.get(id);
    if (!state) throw new Error(`Unknown PaymentMethod ${id}`);
    return state;
  }

  /** Refuses PaymentMethods that may not be attached to `customerId`. */
  checkAttachable(paymentMethod: Stripe.PaymentMethod, customerId: string): void {
    if (this.state(paymentMethod.id).spent) throw invalidRequest(SPENT_MESSAGE);
    if (paymentMethod.customer && paymentMethod.customer !== customerId) {
      throw invalidRequest('The payment method you provided has already been attached to a customer.');
    }
    const behavior = this.state(paymentMethod.id).behavior;
    if (!this.s.settings.lenientAttach && behavior.declinesOnAttach && behavior.charge.kind === 'decline') {
      const { decline } = behavior.charge;
      throw new ApiError(402, {
        type: 'card_error',
        code: decline.code,
        decline_code: decline.declineCode,
        message: decline.message,
        doc_url: docUrl(decline.code),
        ...(decline.param ? { param: decline.param } : {}),
      });
    }
  }

  /** Attaches (emitting payment_method.attached); a no-op when already attached to that customer. */
  attachTo(paymentMethod: Stripe.PaymentMethod, customerId: string, ctx: RequestContext): void {
    this.checkAttachable(paymentMethod, customerId);
    if (paymentMethod.customer === customerId) return;
    paymentMethod.customer = customerId;
    this.s.events.emit(ctx, 'payment_method.attached', paymentMethod);
  }

  /** Stripe lets an unattached PaymentMethod pay once; after that it is spent. */
  markUsed(paymentMethod: Stripe.PaymentMethod): void {
    if (!paymentMethod.customer) this.state(paymentMethod.id).spent = true;
  }

  checkUsable(paymentMethod: Stripe.PaymentMethod, param: string): void {
    if (this.state(paymentMethod.id).spent) throw invalidRequest(SPENT_MESSAGE, { param });
  }

  listForCustomer(customerId: string, params: Params) {
    allowOnly(params, CUSTOMER_LIST_PARAMS);
    return this.listAttached(customerId, params, `/v1/customers/${customerId}/payment_methods`);
  }

  retrieveForCustomer(customerId: string, id: string): Stripe.PaymentMethod {
    const paymentMethod = this.s.store.paymentMethods.get(id);
    if (!paymentMethod || paymentMethod.customer !== customerId) {
      throw invalidRequest(`No such PaymentMethod: '${id}'`, { code: 'resource_missing', param: 'customer', status: 404 });
    }
    return clone(paymentMethod);
  }

  private store(paymentMethod: Stripe.PaymentMethod, behavior: TestPaymentMethod): Stripe.PaymentMethod {
    this.s.store.paymentMethods.set(paymentMethod.id, paymentMethod);
    this.s.store.paymentMethodState.set(paymentMethod.id, {
      behavior,
      spent: false,
      setUpForOffSession: behavior.charge.kind === 'authenticate' && behavior.charge.offSession === 'always',
      mandate: null,
    });
    return paymentMethod;
  }

  private create(params: Params, ctx: RequestContext): Stripe.PaymentMethod {
    allowOnly(params, CREATE_PARAMS);
    const existing = optString(params, 'payment_method');
    if (existing) return clone(this.resolve(existing, 'payment_method'));
    const test = testPaymentMethodFromDetails(params);
    const paymentMethod = build(test);
    paymentMethod.metadata = applyMetadata({}, params);
    applyBillingDetails(paymentMethod, params);
    this.store(paymentMethod, test);
    const customer = optString(params, 'customer');
    if (customer) this.attachTo(paymentMethod, this.s.customers.require(customer, 'customer').id, ctx);
    return clone(paymentMethod);
  }

  private attach(id: string, params: Params, ctx: RequestContext): Stripe.PaymentMethod {
    allowOnly(params, ['customer', 'customer_account', 'expand']);
    const customerId = reqString(params, 'customer');
    const customer = this.s.customers.require(customerId, 'customer');
    const paymentMethod = this.resolve(id);
    this.attachTo(paymentMethod, customer.id, ctx);
    return clone(paymentMethod);
  }

  private detach(id: string, params: Params, ctx: RequestContext): Stripe.PaymentMethod {
    allowOnly(params, ['expand']);
    const paymentMethod = this.s.store.paymentMethods.get(id);
    if (!paymentMethod) throw noSuch('PaymentMethod', id);
    const customerId = paymentMethod.customer as string | null;
    if (!customerId) {
      throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.');
    }
    paymentMethod.customer = null;
    this.state(id).spent = true;
    this.s.events.emit(ctx, 'payment_method.detached', paymentMethod, { customer: customerId });
    this.s.customers.forgetPaymentMethod(customerId, id, ctx);
    return clone(paymentMethod);
  }

  private update(id: string, params: Params, ctx: RequestContext): Stripe.PaymentMethod {
    allowOnly(params, UPDATE_PARAMS);
    const paymentMethod = this.s.store.paymentMethods.get(id);
    if (!paymentMethod) throw noSuch('PaymentMethod', id);
    const before = clone(paymentMethod);
    paymentMethod.metadata = applyMetadata(paymentMethod.metadata, params);
    applyBillingDetails(paymentMethod, params);
    const card = optObject(params, 'card');
    if (card && paymentMethod.card) {
      allowOnly(card, ['exp_month', 'exp_year', 'networks']);
      paymentMethod.card.exp_month = optInt(card, 'exp_month') ?? paymentMethod.card.exp_month;
      paymentMethod.card.exp_year = optInt(card, 'exp_year') ?? paymentMethod.card.exp_year;
    }
    const previous = previousAttributes(before, paymentMethod);
    if (previous) this.s.events.emit(ctx, 'payment_method.updated', paymentMethod, previous);
    return clone(paymentMethod);
  }

  /** Without a customer Stripe's list is empty; with one it is that customer's PaymentMethods. */
  private list(params: Params) {
    allowOnly(params, LIST_PARAMS);
    const customer = optString(params, 'customer');
    if (customer) this.s.customers.require(customer, 'customer');
    return this.listAttached(customer, params, '/v1/payment_methods');
  }

  private listAttached(customerId: string | undefined, params: Params, url: string) {
    const type = optString(params, 'type');
    const attached = [...this.s.store.paymentMethods.values()].filter(
      (paymentMethod) => customerId !== undefined && paymentMethod.customer === customerId && (!type || paymentMethod.type === type),
    );
    return paginate(attached, params, url, 'PaymentMethod');
  }
}

/** `type=card&card[token]=tok_visa` or `type=us_bank_account&us_bank_account[account_number]=000123456789`. */
function testPaymentMethodFromDetails(params: Params): TestPaymentMethod {
  const type = reqString(params, 'type');
  if (type === 'card') {
    const card = optObject(params, 'card') ?? {};
    if (optString(card, 'number')) {
      throw invalidRequest(
        "Sending credit card numbers directly to the Stripe API is generally unsafe. To continue processing use Stripe's test tokens or test PaymentMethods (e.g. pm_card_visa).",
        { status: 402 },
      );
    }
    const token = reqString(card, 'token');
    const test = testPaymentMethodForToken(token);
    if (!test) throw noSuch('token', token, 'card[token]');
    return test;
  }
  if (type === 'us_bank_account') {
    const account = optObject(params, 'us_bank_account') ?? {};
    const accountNumber = reqString(account, 'account_number');
    const test = testPaymentMethodForBankAccount(accountNumber);
    if (!test) {
      throw invalidRequest(`This test server only knows Stripe's test bank account numbers, not ${accountNumber}.`, {
        param: 'us_bank_account[account_number]',
      });
    }
    return test;
  }
  throw invalidRequest(`This test server does not support PaymentMethods of type ${type}.`, { param: 'type' });
}

function applyBillingDetails(paymentMethod: Stripe.PaymentMethod, params: Params): void {
  const details = optObject(params, 'billing_details');
  if (!details) return;
  allowOnly(details, ['address', 'email', 'name', 'phone', 'tax_id']);
  const target = paymentMethod.billing_details;
  const address = optObject(details, 'address');
  if (address) target.address = toAddress(address);
  for (const field of ['email', 'name', 'phone', 'tax_id'] as const) {
    const value = optString(details, field);
    if (value !== undefined) target[field] = value || null;
  }
}

function build(test: TestPaymentMethod): Stripe.PaymentMethod {
  const paymentMethod: Stripe.PaymentMethod = {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: null,
      name: null,
      phone: null,
      tax_id: null,
    },
    created: nowSeconds(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: test.type,
  };
  if (test.card) paymentMethod.card = cardDetails(test);
  if (test.bank) paymentMethod.us_bank_account = bankDetails(test);
  return paymentMethod;
}

function cardDetails(test: TestPaymentMethod): Stripe.PaymentMethod.Card {
  const card = test.card!;
  return {
    brand: card.brand,
    checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
    country: card.country,
    display_brand: card.brand,
    exp_month: 12,
    exp_year: new Date().getFullYear() + 3,
    fingerprint: fingerprint(test.id),
    funding: card.funding,
    generated_from: null,
    last4: card.last4,
    networks: { available: [card.brand], preferred: null },
    regulated_status: 'unregulated',
    three_d_secure_usage: { supported: true },
    wallet: null,
  };
}

function bankDetails(test: TestPaymentMethod): Stripe.PaymentMethod.UsBankAccount {
  const bank = test.bank!;
  return {
    account_holder_type: 'individual',
    account_type: bank.accountType,
    bank_name: bank.bankName,
    financial_connections_account: null,
    fingerprint: fingerprint(test.id),
    last4: bank.last4,
    networks: { preferred: 'ach', supported: ['ach'] },
    routing_number: bank.routingNumber,
    status_details: null,
  };
}
