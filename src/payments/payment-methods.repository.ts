import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { AgencySchema } from '../agencies/agency.entity';
import type { AutoReloadPolicySchema } from '../auto-reload/settings/auto-reload-policy.entity';
import { Database, type Tx, sql } from '../database/database';
import type { Tables } from '../database/tables';
import type { PaymentMethodSchema } from './payment-method.entity';
import type { PaymentMethodDetails } from './stripe.gateway';

type MethodTables = Tables<typeof PaymentMethodSchema>;
/** The Stripe customer id lives on the agency row; the expiry reminder reads the agency's zone and whether auto-reload is on. */
type CustomerTables = Tables<typeof AgencySchema>;
type ExpiryTables = Tables<typeof PaymentMethodSchema | typeof AgencySchema | typeof AutoReloadPolicySchema>;

function toMethod(row: Selectable<MethodTables['payment_methods']>) {
  return {
    id: row.id,
    agencyId: row.agency_id,
    stripeId: row.stripe_payment_method_id,
    type: row.type,
    brand: row.brand,
    last4: row.last4,
    expMonth: row.exp_month,
    expYear: row.exp_year,
    bankName: row.bank_name,
    priority: row.priority,
    createdAt: row.created_at,
  };
}
export type PaymentMethodRow = ReturnType<typeof toMethod>;

@Injectable()
export class PaymentMethodsRepository {
  constructor(private readonly db: Database) {}

  private query(tx?: Tx) {
    return this.db.kysely<MethodTables>(tx);
  }

  /** Active methods in priority order; the first is the default. */
  async list(agencyId: string, tx?: Tx): Promise<PaymentMethodRow[]> {
    const rows = await this.query(tx)
      .selectFrom('payment_methods')
      .selectAll()
      .where('agency_id', '=', agencyId)
      .where('detached_at', 'is', null)
      .orderBy('priority')
      .orderBy('created_at')
      .execute();
    return rows.map(toMethod);
  }

  async find(agencyId: string, id: string, tx?: Tx): Promise<PaymentMethodRow | undefined> {
    const row = await this.query(tx)
      .selectFrom('payment_methods')
      .selectAll()
      .where('agency_id', '=', agencyId)
      .where('id', '=', id)
      .where('detached_at', 'is', null)
      .executeTakeFirst();
    return row && toMethod(row);
  }

  /** Any method of this id, detached or not (attempts keep pointing at the method they charged). */
  async findAny(id: string, tx?: Tx): Promise<PaymentMethodRow | undefined> {
    const row = await this.query(tx).selectFrom('payment_methods').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toMethod(row);
  }

  /** Saves a method; one saved before and removed since is brought back (the API's add). */
  async insert(tx: Tx, agencyId: string, details: PaymentMethodDetails): Promise<PaymentMethodRow> {
    const row = await this.insertRow(tx, agencyId, details)
      .onConflict((conflict) => conflict.column('stripe_payment_method_id').doUpdateSet({ detached_at: null }))
      .executeTakeFirstOrThrow();
    return toMethod(row);
  }

  /**
   * Saves a method Checkout attached, once: a second arrival (the success redirect and the webhook)
   * inserts nothing and gets undefined, and a method the owner removed since is not brought back.
   */
  async insertOnce(tx: Tx, agencyId: string, details: PaymentMethodDetails): Promise<PaymentMethodRow | undefined> {
    const row = await this.insertRow(tx, agencyId, details)
      .onConflict((conflict) => conflict.column('stripe_payment_method_id').doNothing())
      .executeTakeFirst();
    return row && toMethod(row);
  }

  /** The new method goes last in the agency's order. */
  private insertRow(tx: Tx, agencyId: string, details: PaymentMethodDetails) {
    return this.query(tx)
      .insertInto('payment_methods')
      .values((eb) => ({
        id: randomUUID(),
        agency_id: agencyId,
        stripe_payment_method_id: details.stripeId,
        type: details.type,
        brand: details.brand,
        last4: details.last4,
        exp_month: details.expMonth,
        exp_year: details.expYear,
        bank_name: details.bankName,
        priority: eb
          .selectFrom('payment_methods')
          .select(sql<number>`coalesce(max(priority), 0) + 1`.as('next'))
          .where('agency_id', '=', agencyId)
          .where('detached_at', 'is', null),
      }))
      .returningAll();
  }

  async findByStripeId(agencyId: string, stripeId: string, tx?: Tx): Promise<PaymentMethodRow | undefined> {
    const row = await this.query(tx)
      .selectFrom('payment_methods')
      .selectAll()
      .where('agency_id', '=', agencyId)
      .where('stripe_payment_method_id', '=', stripeId)
      .executeTakeFirst();
    return row && toMethod(row);
  }

  /** `ids` in their new order: the first becomes the default (priority 1). */
  async reorder(tx: Tx, agencyId: string, ids: string[]): Promise<void> {
    for (const [index, id] of ids.entries()) {
      await this.query(tx)
        .updateTable('payment_methods')
        .set({ priority: index + 1 })
        .where('id', '=', id)
        .where('agency_id', '=', agencyId)
        .execute();
    }
  }

  async detach(tx: Tx, agencyId: string, id: string): Promise<void> {
    await this.query(tx)
      .updateTable('payment_methods')
      .set({ detached_at: sql<Date>`now()` })
      .where('agency_id', '=', agencyId)
      .where('id', '=', id)
      .execute();
  }

  async customerIdOf(agencyId: string): Promise<string | null> {
    const row = await this.db
      .kysely<CustomerTables>()
      .selectFrom('agencies')
      .select('stripe_customer_id')
      .where('id', '=', agencyId)
      .executeTakeFirst();
    return row?.stripe_customer_id ?? null;
  }

  /** Saves the agency's Stripe customer unless it has one; the one it has then: ours, or one a concurrent request saved first. */
  async saveCustomerId(agencyId: string, customerId: string): Promise<string> {
    await this.db
      .kysely<CustomerTables>()
      .updateTable('agencies')
      .set({ stripe_customer_id: customerId })
      .where('id', '=', agencyId)
      .where('stripe_customer_id', 'is', null)
      .execute();
    return (await this.customerIdOf(agencyId)) ?? customerId;
  }

  /**
   * Every active method of the agencies that have a card expiring in the given months (as
   * year × 12 + month − 1), in priority order per agency, with what the reminder needs to know.
   */
  async agenciesWithCardsExpiring(
    fromMonth: number,
    toMonth: number,
  ): Promise<{ timeZone: string; autoReloadEnabled: boolean; methods: PaymentMethodRow[] }[]> {
    const rows = await this.db
      .kysely<ExpiryTables>()
      .selectFrom('payment_methods as p')
      .innerJoin('agencies as a', 'a.id', 'p.agency_id')
      .leftJoin('auto_reload_policies as r', 'r.agency_id', 'a.id')
      .selectAll('p')
      .select(['a.time_zone', 'r.enabled as auto_reload_enabled'])
      .where('p.detached_at', 'is', null)
      .where('p.agency_id', 'in', (eb) =>
        eb
          .selectFrom('payment_methods')
          .select('agency_id')
          .where('detached_at', 'is', null)
          .where('type', '=', 'card')
          .where(sql<number>`exp_year * 12 + exp_month - 1`, '>=', fromMonth)
          .where(sql<number>`exp_year * 12 + exp_month - 1`, '<=', toMonth),
      )
      .orderBy('p.agency_id')
      .orderBy('p.priority')
      .orderBy('p.created_at')
      .execute();
    const byAgency = new Map<string, { timeZone: string; autoReloadEnabled: boolean; methods: PaymentMethodRow[] }>();
    for (const row of rows) {
      let agency = byAgency.get(row.agency_id);
      if (!agency)
        byAgency.set(row.agency_id, (agency = { timeZone: row.time_zone, autoReloadEnabled: row.auto_reload_enabled ?? false, methods: [] }));
      agency.methods.push(toMethod(row));
    }
    return [...byAgency.values()];
  }
}
