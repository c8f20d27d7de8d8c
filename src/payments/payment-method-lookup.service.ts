import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/database';
import { PaymentMethodsRepository, type PaymentMethodRow } from './payment-methods.repository';

export type { PaymentMethodRow };

/**
 * What other modules may read of the saved payment methods (auto-reload picks the method to charge
 * and shows the one an attempt charged), so they need not reach into the repository. Pass `tx` to
 * read inside your own transaction.
 */
@Injectable()
export class PaymentMethodLookupService {
  constructor(private readonly repository: PaymentMethodsRepository) {}

  /** Active methods in priority order; the first is the default. */
  list(agencyId: string, tx?: Tx): Promise<PaymentMethodRow[]> {
    return this.repository.list(agencyId, tx);
  }

  /** Any method of this id, detached or not (attempts keep pointing at the method they charged). */
  findAny(id: string, tx?: Tx): Promise<PaymentMethodRow | undefined> {
    return this.repository.findAny(id, tx);
  }

  /** The agency's Stripe customer id, or null while none was created for it. */
  customerIdOf(agencyId: string): Promise<string | null> {
    return this.repository.customerIdOf(agencyId);
  }
}
