import { Injectable, Logger } from '@nestjs/common';
import { LedgerWriter } from '../wallet/ledger';
import { WalletService } from '../wallet/wallet.service';

/**
 * Releases holds whose calls never settled within the hold lifetime (default 2 h). Runs on the
 * worker's schedule; expiries go through the ledger writer like every other hold change, so an
 * expiry racing a late settle is decided under the wallet lock, and a settle after expiry still
 * charges the call.
 */
@Injectable()
export class HoldExpiryService {
  private readonly logger = new Logger(HoldExpiryService.name);

  constructor(
    private readonly wallets: WalletService,
    private readonly writer: LedgerWriter,
  ) {}

  async expireDueHolds(limit = 1000): Promise<number> {
    const due = await this.wallets.findExpiredHolds(limit);
    const results = await Promise.allSettled(due.map(({ walletId, callId }) => this.writer.submit(walletId, { kind: 'expire', callId })));
    const expired = results.filter((r) => r.status === 'fulfilled' && r.value.kind === 'expire' && r.value.expired).length;
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length) this.logger.warn(`${failed.length} hold expiries failed; the next sweep retries them`);
    return expired;
  }
}
