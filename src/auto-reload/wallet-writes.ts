import { Injectable } from '@nestjs/common';
import { Database, type Tx, sql } from '../database/database';
import type { Micros } from '../database/money';
import type { Tables } from '../database/tables';
import type { WalletSchema } from '../wallet/wallet.entity';

/**
 * The one write auto-reload still makes to a wallet row itself. It moves to wallet/ after the
 * merge (only wallet/ writes wallets); kept here, alone, until wallet/ offers it.
 */
@Injectable()
export class AutoReloadWalletWrites {
  constructor(private readonly db: Database) {}

  /** A bank debit accepted but not cleared shows as pending (`pending_micros`) until it clears or fails. */
  async adjustPending(tx: Tx, walletId: string, deltaMicros: Micros): Promise<void> {
    await this.db
      .kysely<Tables<typeof WalletSchema>>(tx)
      .updateTable('wallets')
      .set((eb) => ({ pending_micros: eb('pending_micros', '+', deltaMicros), updated_at: sql<Date>`now()` }))
      .where('id', '=', walletId)
      .execute();
  }
}
