import { randomUUID } from 'node:crypto';
import { AgencyWebhooksRepository } from '../../src/agency-webhooks/agency-webhooks.repository';
import { Database } from '../../src/database/database';
import type { TestApp } from './test-app';

/**
 * A committed `wallet.low_balance` delivery whose job was never queued, as a crash between the
 * commit and the enqueue leaves it: `publish()` queues its row once the transaction commits, so
 * the specs of what the sweeps and takeovers recover write the row without it.
 */
export function deliveryWithoutJob(t: TestApp, agencyId: string, dedupeKey: string): Promise<string | undefined> {
  return t.app.get(Database).transaction((tx) =>
    t.app.get(AgencyWebhooksRepository).insertDelivery(tx, {
      id: randomUUID(),
      agencyId,
      eventType: 'wallet.low_balance',
      payload: { currency: 'USD', available: '1.00', threshold: '2.00', runwayHours: null },
      dedupeKey,
    }),
  );
}
