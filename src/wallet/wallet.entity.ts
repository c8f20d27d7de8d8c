import { defineEntity, p } from '@mikro-orm/core';

/**
 * The wallet row holds the running balance and the sum of open holds. Both change only inside
 * wallet/'s transactions, together with the entries and holds that explain them. `version` changes
 * with every update of the row (a trigger sees to it) and with every change to what the call path
 * decides with: the ledger writer guards its one-round-trip writes with it.
 */
export const WalletSchema = defineEntity({
  name: 'Wallet',
  tableName: 'wallets',
  properties: {
    id: p.uuid().primary(),
    agencyId: p.uuid().unique('wallets_agency_id_key'),
    currency: p.character().length(3).default('USD'),
    balanceMicros: p.bigint().defaultRaw('0'),
    heldMicros: p.bigint().defaultRaw('0'),
    pendingMicros: p.bigint().defaultRaw('0'),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    version: p.uuid().defaultRaw('gen_random_uuid()'),
  },
});
export class Wallet extends WalletSchema.class {}
WalletSchema.setClass(Wallet);

export const LEDGER_ENTRY_TYPES = ['usage', 'reload', 'top_up', 'adjustment', 'refund', 'dispute'] as const;
export type LedgerEntryType = (typeof LEDGER_ENTRY_TYPES)[number];

/** What a call-path entry records: a settled call (reference = its call id) or direct usage (the caller's reference). */
export const ENTRY_SOURCES = ['call', 'usage'] as const;
export type EntrySource = (typeof ENTRY_SOURCES)[number];

export const LedgerEntrySchema = defineEntity({
  name: 'LedgerEntry',
  tableName: 'ledger_entries',
  properties: {
    id: p.bigint().primary().generated('identity').autoincrement(),
    walletId: p.uuid(),
    subteamId: p.uuid().nullable(),
    type: p.enum(LEDGER_ENTRY_TYPES),
    /** Set exactly on usage entries (`type = 'usage'`). */
    source: p.enum(ENTRY_SOURCES).nullable(),
    amountMicros: p.bigint(),
    balanceAfterMicros: p.bigint(),
    reference: p.text(),
    description: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    /** The part of a settled call's cost above its hold, when there was one. */
    overrunMicros: p.bigint().nullable(),
  },
});
export class LedgerEntry extends LedgerEntrySchema.class {}
LedgerEntrySchema.setClass(LedgerEntry);

export const HOLD_STATUSES = ['open', 'settled', 'released', 'expired'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

export const HoldSchema = defineEntity({
  name: 'Hold',
  tableName: 'holds',
  properties: {
    id: p.uuid().primary(),
    walletId: p.uuid(),
    subteamId: p.uuid(),
    callId: p.text(),
    amountMicros: p.bigint(),
    status: p.enum(HOLD_STATUSES),
    expiresAt: p.datetime(),
    chargedMicros: p.bigint().nullable(),
    releasedMicros: p.bigint().nullable(),
    balanceAfterMicros: p.bigint().nullable(),
    closedAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    /** What the authorize asked for; `amountMicros` is raised by extensions. */
    initialAmountMicros: p.bigint(),
  },
});
export class Hold extends HoldSchema.class {}
HoldSchema.setClass(Hold);

/**
 * Each subteam's settled spend per day of its agency's time zone (a 'YYYY-MM-DD' string): what
 * the daily and monthly spend limits count. Written by the ledger writer with the entries.
 */
export const SubteamDailySpendSchema = defineEntity({
  name: 'SubteamDailySpend',
  tableName: 'subteam_daily_spend',
  properties: {
    subteamId: p.uuid().primary(),
    day: p.date().primary(),
    spentMicros: p.bigint().defaultRaw('0'),
  },
});
export class SubteamDailySpend extends SubteamDailySpendSchema.class {}
SubteamDailySpendSchema.setClass(SubteamDailySpend);
