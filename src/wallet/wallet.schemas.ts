import { z } from 'zod';
import { moneyString, timestamp } from '../openapi/schemas';
import { LEDGER_ENTRY_TYPES } from './wallet.entity';

// The wallet's JSON shapes, kept out of the controller: calls and support answer with ledger entries too.

export const walletSchema = z
  .strictObject({
    balance: moneyString,
    held: moneyString,
    available: moneyString.meta({ description: 'balance - held: what calls may still authorize' }),
    pending: moneyString.meta({ description: 'Bank debits initiated but not yet cleared' }),
    currency: z.string(),
    status: z.enum(['active', 'low', 'depleted', 'paused']),
  })
  .meta({ id: 'Wallet' });

export const entrySchema = z
  .strictObject({
    id: z.string().meta({ description: 'Sequence number (also the pagination cursor)' }),
    walletId: z.uuid(),
    subteamId: z.uuid().nullable(),
    type: z.enum(LEDGER_ENTRY_TYPES),
    source: z.string().nullable(),
    amount: moneyString,
    balanceAfter: moneyString,
    reference: z.string().nullable(),
    description: z.string().nullable(),
    overrun: moneyString.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'LedgerEntry' });
