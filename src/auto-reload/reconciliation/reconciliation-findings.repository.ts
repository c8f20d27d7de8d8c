import { Injectable } from '@nestjs/common';
import { Database, type Tx } from '../../database/database';
import type { Tables } from '../../database/tables';
import type { ReconciliationFindingSchema } from './reconciliation-finding.entity';

type FindingTables = Tables<typeof ReconciliationFindingSchema>;

/** Something reconciliation (or a webhook) found that differs from our records, and what was done. */
export interface Finding {
  agencyId: string | null;
  attemptId: string | null;
  intentId: string | null;
  finding: string;
  action: string;
  /** The Stripe object or event it concerns, when an intent can have several (refunds, events). */
  reference?: string | null;
}

@Injectable()
export class ReconciliationFindingsRepository {
  constructor(private readonly db: Database) {}

  /** Records a finding once (per intent, kind and reference); true when it is new. */
  async recordFinding(finding: Finding, tx?: Tx): Promise<boolean> {
    const rows = await this.db
      .kysely<FindingTables>(tx)
      .insertInto('reconciliation_findings')
      .values({
        agency_id: finding.agencyId,
        attempt_id: finding.attemptId,
        stripe_payment_intent_id: finding.intentId,
        finding: finding.finding,
        action: finding.action,
        reference: finding.reference ?? null,
      })
      .onConflict((conflict) => conflict.doNothing())
      .returning('id')
      .execute();
    return rows.length > 0;
  }
}
