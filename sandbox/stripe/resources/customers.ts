import type Stripe from 'stripe';
import { invalidRequest, noSuch } from '../errors';
import type { Params } from '../form';
import { paginate } from '../list';
import { allowOnly, applyMetadata, createdFilter, optObject, optString, optStringArray } from '../params';
import type { RequestContext, Router } from '../router';
import type { Services } from '../services';
import { clone, newId, nowSeconds, previousAttributes, randomToken } from '../util';

const WRITABLE = [
  'address',
  'balance',
  'description',
  'email',
  'expand',
  'invoice_prefix',
  'invoice_settings',
  'metadata',
  'name',
  'phone',
  'preferred_locales',
  'shipping',
  'tax_exempt',
];
const CREATE_PARAMS = [...WRITABLE, 'payment_method', 'test_clock', 'validate'];
const UPDATE_PARAMS = [...WRITABLE, 'default_source', 'validate'];
const LIST_PARAMS = ['created', 'email', 'ending_before', 'expand', 'limit', 'starting_after', 'test_clock'];

/** A PaymentMethod being attached by the same request (`payment_method` on customer creation). */
interface Attaching {
  requested: string;
  id: string;
}

export class Customers {
  constructor(private readonly s: Services) {}

  routes(router: Router): void {
    router.post('/v1/customers', ({ params, ctx }) => this.create(params, ctx));
    router.get('/v1/customers', ({ params }) => this.list(params));
    router.get('/v1/customers/:id', ({ pathParams, params }) => this.retrieve(pathParams.id, params));
    router.post('/v1/customers/:id', ({ pathParams, params, ctx }) => this.update(pathParams.id, params, ctx));
    router.delete('/v1/customers/:id', ({ pathParams, ctx }) => this.delete(pathParams.id, ctx));
    router.get('/v1/customers/:id/payment_methods', ({ pathParams, params }) =>
      this.s.paymentMethods.listForCustomer(this.require(pathParams.id).id, params),
    );
    router.get('/v1/customers/:id/payment_methods/:paymentMethod', ({ pathParams }) =>
      this.s.paymentMethods.retrieveForCustomer(this.require(pathParams.id).id, pathParams.paymentMethod),
    );
  }

  /** A live customer, or a resource_missing error (404, or 400 on `param` when named in a parameter). */
  require(id: string, param?: string): Stripe.Customer {
    const customer = this.s.store.customers.get(id);
    if (!customer || this.s.store.deletedCustomers.has(id)) throw noSuch('customer', id, param);
    return customer;
  }

  private create(params: Params, ctx: RequestContext): Stripe.Customer {
    allowOnly(params, CREATE_PARAMS);
    const customer: Stripe.Customer = {
      id: newId('cus'),
      object: 'customer',
      address: null,
      balance: 0,
      created: nowSeconds(),
      currency: null,
      default_source: null,
      delinquent: false,
      description: null,
      discount: null,
      email: null,
      invoice_prefix: randomToken(8).toUpperCase(),
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      livemode: false,
      metadata: {},
      name: null,
      next_invoice_sequence: 1,
      phone: null,
      preferred_locales: [],
      shipping: null,
      tax_exempt: 'none',
      test_clock: null,
    };
    const paymentMethodId = optString(params, 'payment_method');
    // Validate everything before anything is stored, so a refused create leaves nothing behind.
    const paymentMethod = paymentMethodId ? this.s.paymentMethods.resolve(paymentMethodId, 'payment_method') : undefined;
    if (paymentMethod) this.s.paymentMethods.checkAttachable(paymentMethod, customer.id);
    const attaching = paymentMethod && paymentMethodId ? { requested: paymentMethodId, id: paymentMethod.id } : undefined;
    this.applyFields(customer, params, attaching);
    this.s.store.customers.set(customer.id, customer);
    this.s.events.emit(ctx, 'customer.created', customer);
    if (paymentMethod) this.s.paymentMethods.attachTo(paymentMethod, customer.id, ctx);
    return clone(customer);
  }

  private retrieve(id: string, params: Params): Stripe.Customer | Stripe.DeletedCustomer {
    allowOnly(params, ['expand']);
    if (this.s.store.deletedCustomers.has(id)) return { id, object: 'customer', deleted: true };
    return clone(this.require(id));
  }

  private update(id: string, params: Params, ctx: RequestContext): Stripe.Customer {
    allowOnly(params, UPDATE_PARAMS);
    const customer = this.require(id);
    const before = clone(customer);
    const updated = clone(customer);
    this.applyFields(updated, params);
    Object.assign(customer, updated);
    const previous = previousAttributes(before, customer);
    if (previous) this.s.events.emit(ctx, 'customer.updated', customer, previous);
    return clone(customer);
  }

  private delete(id: string, ctx: RequestContext): Stripe.DeletedCustomer {
    const customer = this.require(id);
    this.s.store.deletedCustomers.add(id);
    this.s.events.emit(ctx, 'customer.deleted', customer);
    return { id, object: 'customer', deleted: true };
  }

  private list(params: Params) {
    allowOnly(params, LIST_PARAMS);
    const email = optString(params, 'email');
    const created = createdFilter(params);
    const customers = [...this.s.store.customers.values()].filter(
      (customer) => !this.s.store.deletedCustomers.has(customer.id) && (email === undefined || customer.email === email) && created(customer.created),
    );
    return paginate(customers, params, '/v1/customers', 'customer');
  }

  /** Clears a default payment method that was just detached, as Stripe does. */
  forgetPaymentMethod(customerId: string, paymentMethodId: string, ctx: RequestContext): void {
    const customer = this.s.store.customers.get(customerId);
    if (!customer || customer.invoice_settings.default_payment_method !== paymentMethodId) return;
    const before = clone(customer);
    customer.invoice_settings.default_payment_method = null;
    this.s.events.emit(ctx, 'customer.updated', customer, previousAttributes(before, customer));
  }

  private applyFields(customer: Stripe.Customer, params: Params, attaching?: Attaching): void {
    for (const field of ['description', 'email', 'name', 'phone'] as const) {
      const value = optString(params, field);
      if (value !== undefined) customer[field] = value === '' ? null : value;
    }
    customer.metadata = applyMetadata(customer.metadata, params);
    const locales = optStringArray(params, 'preferred_locales');
    if (locales) customer.preferred_locales = locales;
    const taxExempt = optString(params, 'tax_exempt');
    if (taxExempt) customer.tax_exempt = taxExempt as Stripe.Customer.TaxExempt;
    const address = optObject(params, 'address');
    if (address) customer.address = toAddress(address);
    const shipping = optObject(params, 'shipping');
    if (shipping) {
      customer.shipping = {
        address: toAddress(optObject(shipping, 'address') ?? {}),
        name: optString(shipping, 'name') ?? '',
        phone: optString(shipping, 'phone') ?? null,
      };
    }
    this.applyInvoiceSettings(customer, params, attaching);
  }

  private applyInvoiceSettings(customer: Stripe.Customer, params: Params, attaching?: Attaching): void {
    const settings = optObject(params, 'invoice_settings');
    if (!settings) return;
    allowOnly(settings, ['custom_fields', 'default_payment_method', 'footer', 'rendering_options']);
    const footer = optString(settings, 'footer');
    if (footer !== undefined) customer.invoice_settings.footer = footer || null;
    const defaultPaymentMethod = optString(settings, 'default_payment_method');
    if (defaultPaymentMethod === undefined) return;
    if (defaultPaymentMethod === '') {
      customer.invoice_settings.default_payment_method = null;
      return;
    }
    // A test id given both as `payment_method` and as the default names the copy being attached.
    if (attaching && (defaultPaymentMethod === attaching.requested || defaultPaymentMethod === attaching.id)) {
      customer.invoice_settings.default_payment_method = attaching.id;
      return;
    }
    const attached = this.s.store.paymentMethods.get(defaultPaymentMethod)?.customer === customer.id;
    if (!attached) {
      throw invalidRequest(
        `The customer does not have a payment method with the ID ${defaultPaymentMethod}. The payment method must be attached to the customer.`,
        { param: 'invoice_settings[default_payment_method]' },
      );
    }
    customer.invoice_settings.default_payment_method = defaultPaymentMethod;
  }
}

export function toAddress(params: Params): Stripe.Address {
  const field = (name: string) => optString(params, name) || null;
  return {
    city: field('city'),
    country: field('country'),
    line1: field('line1'),
    line2: field('line2'),
    postal_code: field('postal_code'),
    state: field('state'),
  };
}
