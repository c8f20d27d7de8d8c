import { defineEntity, p } from '@mikro-orm/core';

/**
 * The wallet row holds the running balance and the sum of open holds. Both change only inside
 * the ledger writer's transactions, together with the entries and holds that explain them.
 */
export const WalletSchema = defineEntity({
  name: 'Wallet',
  tableName: 'wallets',
  properties: {
    id: p.uuid().primary(),
    agencyId: p.uuid(),
    currency: p.string().length(3),
    balanceMicros: p.bigint().default(0),
    heldMicros: p.bigint().default(0),
    pendingMicros: p.bigint().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export class Wallet extends WalletSchema.class {}
WalletSchema.setClass(Wallet);

export const LEDGER_ENTRY_TYPES = ['usage', 'reload', 'top_up', 'adjustment', 'refund', 'dispute'] as const;
export type LedgerEntryType = (typeof LEDGER_ENTRY_TYPES)[number];

export const LedgerEntrySchema = defineEntity({
  name: 'LedgerEntry',
  tableName: 'ledger_entries',
  properties: {
    id: p.bigint().primary(),
    walletId: p.uuid(),
    subteamId: p.uuid().nullable(),
    type: p.enum(LEDGER_ENTRY_TYPES),
    amountMicros: p.bigint(),
    balanceAfterMicros: p.bigint(),
    reference: p.text(),
    description: p.text().nullable(),
    createdAt: p.datetime(),
  },
});
export class LedgerEntry extends LedgerEntrySchema.class {}
LedgerEntrySchema.setClass(LedgerEntry);

export const HOLD_STATUSES = ['open', 'settled', 'released', 'expired'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

const HoldSchema = defineEntity({
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
    createdAt: p.datetime(),
  },
});
export class Hold extends HoldSchema.class {}
HoldSchema.setClass(Hold);
