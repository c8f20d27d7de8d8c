import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AppConfig } from '../config/config';
import { MetricsService } from '../health/metrics.service';
import { InsufficientFundsError, OverloadedError } from '../common/errors';
import { STATE_NOW, walletState } from '../../test/support/ledger-state';
import type { BatchResult, LedgerOp, OpValue, WalletState } from './ledger-batch';
import type { LedgerBatchRepository } from './ledger-batch.repository';
import { LedgerWriter } from './ledger-writer';

const config = {
  batching: { maxBatchSize: 200, maxQueuedPerWallet: 100, lanes: 1, inFlight: 1, knownWallets: 0, knownHoldsPerWallet: 10, contentionBackoffMs: 0 },
} as unknown as AppConfig;

const settle = (callId: string, costMicros = 1n): LedgerOp => ({ kind: 'settle', subteamId: 's1', callId, costMicros });

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

describe('LedgerWriter.submitAll', () => {
  const authorize = (callId: string, amountMicros: bigint): LedgerOp => ({
    kind: 'authorize',
    subteamId: 's1',
    callId,
    amountMicros,
    expiresAt: new Date(STATE_NOW.getTime() + 3_600_000),
  });

  /** A repository that applies each locked batch to a wallet holding $10, recording the operations of each trip. */
  function recordingRepository(batching: Partial<AppConfig['batching']> = {}) {
    const trips: string[][] = [];
    const repository = {
      applyLocked: async (opsByWallet: Map<string, LedgerOp[]>, apply: (state: WalletState, ops: LedgerOp[]) => BatchResult) => {
        const ops = opsByWallet.get('w1')!;
        trips.push(ops.map((op) => `${op.kind} ${'callId' in op ? op.callId : ''}`));
        const state = walletState({ walletId: 'w1', balanceMicros: 10_000_000n });
        return new Map([['w1', { state, result: apply(state, ops), readVersion: 'v1', version: 'v2' }]]);
      },
    } as unknown as LedgerBatchRepository;
    const configured = { batching: { ...config.batching, ...batching } } as AppConfig;
    return { writer: new LedgerWriter(configured, repository, new EventEmitter2(), new MetricsService()), trips };
  }

  it('sends the operations in one trip, applied in the order given, each answered on its own', async () => {
    const { writer, trips } = recordingRepository();
    const answers = await Promise.allSettled(
      writer.submitAll('w1', [authorize('c1', 2_000_000n), settle('c1', 1_000_000n), authorize('c2', 9_500_000n)]),
    );
    expect(trips).toEqual([['authorize c1', 'settle c1', 'authorize c2']]);
    expect(answers.map((answer) => answer.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((answers[1] as PromiseFulfilledResult<OpValue>).value).toMatchObject({ kind: 'settle', replayed: false, hold: { chargedMicros: 1_000_000n } });
    // $10 − $1 settled leaves $9 available: $9.50 is refused, alone.
    expect((answers[2] as PromiseRejectedResult).reason).toBeInstanceOf(InsufficientFundsError);
  });

  it('never splits them between batches, even past BATCH_MAX_SIZE', async () => {
    const { writer, trips } = recordingRepository({ maxBatchSize: 3 });
    // The first operation is in flight alone; the five submitted together wait, then go in one trip.
    const first = writer.submit('w1', authorize('c0', 1n));
    const together = writer.submitAll('w1', [1, 2, 3, 4, 5].map((n) => authorize(`c${n}`, 1n)));
    const after = writer.submit('w1', authorize('c6', 1n));
    await Promise.all([first, ...together, after]);
    expect(trips.map((trip) => trip.length)).toEqual([1, 5, 1]);
  });

  it('queues all of them or none: past the wallet queue every one is refused as overloaded and nothing is applied', async () => {
    const { writer, trips } = recordingRepository();
    const tooMany = Array.from({ length: 101 }, (_, i) => authorize(`c${i}`, 1n));
    const refused = await Promise.allSettled(writer.submitAll('w1', tooMany));
    expect(refused.every((answer) => answer.status === 'rejected' && answer.reason instanceof OverloadedError)).toBe(true);
    expect(trips).toEqual([]);
    const accepted = await Promise.allSettled(writer.submitAll('w1', tooMany.slice(0, 100)));
    expect(accepted.every((answer) => answer.status === 'fulfilled')).toBe(true);
  });
});
