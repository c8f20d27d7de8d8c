import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Database, type Tx, sql } from '../database/database';
import type { PaymentMethodDetails } from './stripe.gateway';

export interface PaymentMethodRow extends PaymentMethodDetails {
  id: string;
  agencyId: string;
  priority: number;
  createdAt: Date;
}

type Raw = {
  id: string;
  agency_id: string;
  stripe_payment_method_id: string;
  type: string;
  brand: string | null;
  last4: string | null;
  exp_month: number | null;
  exp_year: number | null;
  bank_name: string | null;
  priority: number;
  created_at: string | Date;
};

const toRow = (raw: Raw): PaymentMethodRow => ({
  id: raw.id,
  agencyId: raw.agency_id,
  stripeId: raw.stripe_payment_method_id,
  type: raw.type,
  brand: raw.brand,
  last4: raw.last4,
  expMonth: raw.exp_month,
  expYear: raw.exp_year,
  bankName: raw.bank_name,
  priority: raw.priority,
  createdAt: new Date(raw.created_at),
});

@Injectable()
export class PaymentMethodsRepository {
  constructor(private readonly db: Database) {}

  /** Active methods in priority order; the first is the default. */
  async list(agencyId: string, tx?: Tx): Promise<PaymentMethodRow[]> {
    const rows = await this.db.rows(
      sql<Raw>`select * from payment_methods where agency_id = ${agencyId} and detached_at is null order by priority, created_at`,
      tx,
    );
    return rows.map(toRow);
  }

  async find(agencyId: string, id: string, tx?: Tx): Promise<PaymentMethodRow | undefined> {
    const row = await this.db.one(
      sql<Raw>`select * from payment_methods where agency_id = ${agencyId} and id = ${id} and detached_at is null`,
      tx,
    );
    return row && toRow(row);
  }

  /** Any method of this id, detached or not (attempts keep pointing at the method they charged). */
  async findAny(id: string, tx?: Tx): Promise<PaymentMethodRow | undefined> {
    const row = await this.db.one(sql<Raw>`select * from payment_methods where id = ${id}`, tx);
    return row && toRow(row);
  }

  /** Saves a method; one saved before and removed since is brought back (the API's add). */
  async insert(tx: Tx, agencyId: string, details: PaymentMethodDetails): Promise<PaymentMethodRow> {
    return (await this.insertRow(tx, agencyId, details, sql`do update set detached_at = null`))!;
  }

  /**
   * Saves a method Checkout attached, once: a second arrival (the success redirect and the webhook)
   * inserts nothing and gets undefined, and a method the owner removed since is not brought back.
   */
  insertOnce(tx: Tx, agencyId: string, details: PaymentMethodDetails): Promise<PaymentMethodRow | undefined> {
    return this.insertRow(tx, agencyId, details, sql`do nothing`);
  }

  private async insertRow(tx: Tx, agencyId: string, details: PaymentMethodDetails, onConflict: ReturnType<typeof sql>) {
    const [row] = await this.db.rows(
      sql<Raw>`
        insert into payment_methods (id, agency_id, stripe_payment_method_id, type, brand, last4, exp_month, exp_year, bank_name, priority)
        values (${randomUUID()}, ${agencyId}, ${details.stripeId}, ${details.type}, ${details.brand}, ${details.last4},
                ${details.expMonth}, ${details.expYear}, ${details.bankName},
                (select coalesce(max(priority), 0) + 1 from payment_methods where agency_id = ${agencyId} and detached_at is null))
        on conflict (stripe_payment_method_id) ${onConflict}
        returning *`,
      tx,
    );
    return row && toRow(row);
  }

  async findByStripeId(agencyId: string, stripeId: string, tx?: Tx): Promise<PaymentMethodRow | undefined> {
    const row = await this.db.one(
      sql<Raw>`select * from payment_methods where agency_id = ${agencyId} and stripe_payment_method_id = ${stripeId}`,
      tx,
    );
    return row && toRow(row);
  }

  async reorder(tx: Tx, agencyId: string, ids: string[]): Promise<void> {
    await sql`
      update payment_methods p set priority = v.priority
      from unnest(${ids}::uuid[]) with ordinality as v (id, priority)
      where p.id = v.id and p.agency_id = ${agencyId}`.execute(tx.getKysely());
  }

  async detach(tx: Tx, agencyId: string, id: string): Promise<void> {
    await sql`update payment_methods set detached_at = now() where agency_id = ${agencyId} and id = ${id}`.execute(tx.getKysely());
  }

  async customerIdOf(agencyId: string): Promise<string | null> {
    const row = await this.db.one(sql<{ stripe_customer_id: string | null }>`select stripe_customer_id from agencies where id = ${agencyId}`);
    return row?.stripe_customer_id ?? null;
  }

  async saveCustomerId(agencyId: string, customerId: string): Promise<void> {
    await this.db.rows(sql`update agencies set stripe_customer_id = ${customerId} where id = ${agencyId} and stripe_customer_id is null`);
  }

  /**
   * Every active method of the agencies that have a card expiring in the given months (as
   * year × 12 + month − 1), in priority order per agency, with what the reminder needs to know.
   */
  async agenciesWithCardsExpiring(fromMonth: number, toMonth: number): Promise<{ timeZone: string; autoReloadEnabled: boolean; methods: PaymentMethodRow[] }[]> {
    const rows = await this.db.rows(sql<Raw & { time_zone: string; auto_reload_enabled: boolean | null }>`
      select p.*, a.time_zone, (select r.enabled from auto_reload_policies r where r.agency_id = a.id) as auto_reload_enabled
      from payment_methods p join agencies a on a.id = p.agency_id
      where p.detached_at is null and p.agency_id in (
        select agency_id from payment_methods
        where detached_at is null and type = 'card' and exp_year * 12 + exp_month - 1 between ${fromMonth} and ${toMonth})
      order by p.agency_id, p.priority, p.created_at`);
    const byAgency = new Map<string, { timeZone: string; autoReloadEnabled: boolean; methods: PaymentMethodRow[] }>();
    for (const row of rows) {
      let agency = byAgency.get(row.agency_id);
      if (!agency) byAgency.set(row.agency_id, (agency = { timeZone: row.time_zone, autoReloadEnabled: row.auto_reload_enabled ?? false, methods: [] }));
      agency.methods.push(toRow(row));
    }
    return [...byAgency.values()];
  }
}
