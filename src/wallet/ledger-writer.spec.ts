import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AppConfig } from '../config/config';
import { MetricsService } from '../health/metrics.service';
import type { LedgerOp } from './ledger-batch';
import type { LedgerBatchRepository } from './ledger-batch.repository';
import { LedgerWriter } from './ledger-writer';

const config = {
  batching: { maxBatchSize: 200, maxQueuedPerWallet: 100, lanes: 1, inFlight: 1, knownWallets: 0, knownHoldsPerWallet: 10, contentionBackoffMs: 0 },
} as unknown as AppConfig;

const settle = (callId: string): LedgerOp => ({ kind: 'settle', subteamId: 's1', callId, costMicros: 1n });

/** A repository whose locked writes fail with the given error; the first one waits until released. */
function failingRepository(error: Error) {
  let release!: () => void;
  const first = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  const repository = {
    applyLocked: async () => {
      calls++;
      if (calls === 1) await first;
      throw error;
    },
  } as unknown as LedgerBatchRepository;
  return { repository, release, calls: () => calls };
}

async function runThreeOps(error: Error) {
  const fake = failingRepository(error);
  const writer = new LedgerWriter(config, fake.repository, new EventEmitter2(), new MetricsService());
  // The first operation goes alone; the next two wait for it and then form one batch of two.
  const results = [writer.submit('w1', settle('a')), writer.submit('w1', settle('b')), writer.submit('w1', settle('c'))].map((result) =>
    result.then(
      () => 'ok',
      (reason: Error) => reason.message,
    ),
  );
  fake.release();
  return { outcomes: await Promise.all(results), lockedWrites: fake.calls() };
}

describe('LedgerWriter when a batch fails as a whole', () => {
  it('fails the whole batch at once when the database is away, without retrying each operation', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const { outcomes, lockedWrites } = await runThreeOps(refused);
    expect(outcomes).toEqual([refused.message, refused.message, refused.message]);
    expect(lockedWrites).toBe(2);
  });

  it('retries one operation at a time when the failure may be one bad operation', async () => {
    const defect = new Error('some unexpected failure');
    const { outcomes, lockedWrites } = await runThreeOps(defect);
    expect(outcomes).toEqual([defect.message, defect.message, defect.message]);
    expect(lockedWrites).toBe(4);
  });
});
