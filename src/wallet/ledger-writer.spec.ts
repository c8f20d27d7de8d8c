import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AppConfig } from '../config/config';
import { MetricsService } from '../health/metrics.service';
import { InsufficientFundsError, OverloadedError } from '../common/errors';
import { STATE_NOW, subteamState } from '../../test/support/ledger-state';
import { FakeLedgerRepository, connectionReset } from '../../test/support/fake-ledger-repository';
import type { LedgerOp, OpValue } from './ledger-batch';
import { LedgerWriter } from './ledger-writer';
import { WalletEvents } from './wallet.events';

const HOUR = 3_600_000;
const batching: AppConfig['batching'] = {
  maxBatchSize: 200,
  maxQueuedPerWallet: 100,
  lanes: 1,
  inFlight: 2,
  knownWallets: 10,
  knownHoldsPerWallet: 10,
  contentionBackoffMs: 1000,
};

const authorize = (callId: string, amountMicros = 1_000_000n): LedgerOp => ({
  kind: 'authorize',
  subteamId: 's1',
  callId,
  amountMicros,
  expiresAt: new Date(STATE_NOW.getTime() + HOUR),
});
const settle = (callId: string, costMicros = 400_000n): LedgerOp => ({ kind: 'settle', subteamId: 's1', callId, costMicros });
const release = (callId: string): LedgerOp => ({ kind: 'release', subteamId: null, callId });
const debit = (reference: string, amountMicros = 250_000n, subteamId = 's1'): LedgerOp => ({
  kind: 'debit',
  subteamId,
  reference,
  amountMicros,
  description: null,
});

/** Lets every promise chain run that can run without a trip being released. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What a caller was answered, in a few words. */
const answered = (result: Promise<OpValue>) =>
  result.then(
    (value) => `${value.kind}${'replayed' in value && value.replayed ? ' (replayed)' : ''}`,
    (error: Error) => `refused: ${error.message}`,
  );

/**
 * A writer on a fake repository, a clock the spec moves and ids counted from 1, so every
 * interleaving below runs the same way each time.
 */
function setup(overrides: Partial<AppConfig['batching']> = {}) {
  const repository = new FakeLedgerRepository();
  repository.addWallet('w1', 10_000_000n);
  const clock = { at: STATE_NOW.getTime(), now: () => new Date(clock.at) };
  let ids = 0;
  const events = new EventEmitter2();
  const balances: bigint[] = [];
  events.on(WalletEvents.BalanceChanged, (event: { balanceMicros: bigint }) => balances.push(event.balanceMicros));
  const writer = new LedgerWriter({ batching: { ...batching, ...overrides } }, repository, events, new MetricsService(), clock, () => `id-${++ids}`);
  /** Makes w1 known to the writer: one call through the locking path. */
  const warm = async () => {
    await writer.submit('w1', authorize('warm', 10_000n));
    await writer.submit('w1', release('warm'));
    repository.trips.length = 0;
  };
  return { writer, repository, clock, balances, warm };
}

describe('LedgerWriter: a batch queued behind one in flight', () => {
  it('applies a known batch to the state the batch in flight leaves, and writes it after that one', async () => {
    const { writer, repository, warm } = setup();
    await warm();
    const release = repository.pause('known');
    const first = answered(writer.submit('w1', authorize('c1')));
    await flush();
    // The authorize is in flight; the settle of the same call builds on the hold it will leave.
    const second = answered(writer.submit('w1', settle('c1')));
    await flush();
    expect(repository.trips.map((trip) => trip.path)).toEqual(['known']);
    release();
    expect([await first, await second]).toEqual(['authorize', 'settle']);

    const [authorizing, settling] = repository.trips;
    expect(settling.path).toBe('known');
    // The settle was guarded by the version the authorize's write left: one chain, no read.
    expect(settling.versions?.[0][0]).toBe(authorizing.versions?.[0][1]);
    expect(repository.wallet('w1')).toMatchObject({ balanceMicros: 9_600_000n, heldMicros: 0n });
    expect(repository.wallet('w1').holds.get('c1')).toMatchObject({ status: 'settled', chargedMicros: 400_000n });
  });

  it('builds on a wallet only after a locking batch in flight on it has read and written', async () => {
    const { writer, repository } = setup();
    const release = repository.pause('locked');
    const first = answered(writer.submit('w1', authorize('c1')));
    await flush();
    const second = answered(writer.submit('w1', settle('c1')));
    await flush();
    // The settle waits: what the wallet will be is known only once the lock's read is done.
    expect(repository.trips.map((trip) => trip.path)).toEqual(['locked']);
    release();
    expect([await first, await second]).toEqual(['authorize', 'settle']);
    expect(repository.trips.map((trip) => trip.path)).toEqual(['locked', 'known']);
    expect(repository.wallet('w1')).toMatchObject({ balanceMicros: 9_600_000n, heldMicros: 0n });
  });

  it('reads a wallet under its lock only after its own known write in flight has finished', async () => {
    const { writer, repository, warm } = setup();
    await warm();
    // A subteam created after the wallet became known.
    repository.subteams.set('s2', subteamState());
    const release = repository.pause('known');
    const first = answered(writer.submit('w1', authorize('c1')));
    await flush();
    // A subteam this process has not seen needs the lock; reading now would see the wallet
    // before the authorize's write, and that write would then be refused as stale.
    const second = answered(writer.submit('w1', debit('u1', 250_000n, 's2')));
    await flush();
    expect(repository.trips.map((trip) => trip.path)).toEqual(['known']);
    release();
    expect([await first, await second]).toEqual(['authorize', 'debit']);
    expect(repository.trips.map((trip) => trip.path)).toEqual(['known', 'locked']);
    expect(repository.wallet('w1')).toMatchObject({ balanceMicros: 9_750_000n, heldMicros: 1_000_000n });
  });

  it('takes its ids and its clock from what it is given', async () => {
    const { writer, repository, clock } = setup();
    clock.at += 60_000;
    const answer = await writer.submit('w1', authorize('c1'));
    expect(answer).toMatchObject({ kind: 'authorize', hold: { id: 'id-1', createdAt: new Date(STATE_NOW.getTime() + 60_000) } });
    expect(repository.wallet('w1').version).toBe('id-2');
  });
});

describe('LedgerWriter: a stale wallet version', () => {
  it('writes nothing on known state another writer changed, reads the wallet under its lock, and answers from what it read', async () => {
    const { writer, repository, warm, balances } = setup();
    await warm();
    repository.changeElsewhere('w1', 5_000_000n);
    // $10 known, $15 in fact. A refusal on known state is not trusted for a call this process
    // has not seen: the wallet is read under its lock, and the $12 fits.
    expect(await answered(writer.submit('w1', authorize('c1', 12_000_000n)))).toBe('authorize');
    expect(repository.trips.map((trip) => trip.path)).toEqual(['locked']);
    repository.trips.length = 0;
    repository.changeElsewhere('w1', 0n);

    // A call that fits either way is tried on known state, refused by the guard, and read again.
    expect(await answered(writer.submit('w1', authorize('c2')))).toBe('authorize');
    expect(repository.trips.map((trip) => trip.path)).toEqual(['known', 'locked']);
    expect(repository.wallet('w1')).toMatchObject({ balanceMicros: 15_000_000n, heldMicros: 13_000_000n });
    expect(balances.at(-1)).toBe(15_000_000n);
  });

  it('reads a contended wallet under its lock until the backoff has passed on its clock', async () => {
    const { writer, repository, clock, warm } = setup();
    await warm();
    repository.changeElsewhere('w1', 0n);
    await writer.submit('w1', authorize('c1'));
    expect(repository.trips.map((trip) => trip.path)).toEqual(['known', 'locked']);

    repository.trips.length = 0;
    clock.at += 999;
    await writer.submit('w1', authorize('c2'));
    expect(repository.trips.map((trip) => trip.path)).toEqual(['locked']);

    repository.trips.length = 0;
    clock.at += 1;
    await writer.submit('w1', authorize('c3'));
    expect(repository.trips.map((trip) => trip.path)).toEqual(['known']);
  });
});

describe('LedgerWriter: a unique-key replay', () => {
  it('answers a retried authorize of a call it no longer knows as a replay, read under the lock', async () => {
    const { writer, repository, warm } = setup();
    await warm();
    await writer.submit('w1', authorize('c1'));
    await writer.submit('w1', release('c1'));
    repository.trips.length = 0;

    // The released call is forgotten, so the retry is taken for a new call; the hold's unique
    // key refuses the write, and the read finds the call.
    expect(await answered(writer.submit('w1', authorize('c1')))).toBe('authorize (replayed)');
    expect(repository.trips.map((trip) => trip.path)).toEqual(['known', 'locked']);
    expect(repository.wallet('w1')).toMatchObject({ balanceMicros: 10_000_000n, heldMicros: 0n });
    expect(repository.wallet('w1').holds.get('c1')).toMatchObject({ status: 'released' });
  });

  it('answers a retried usage debit as a replay and charges it once', async () => {
    const { writer, repository, warm } = setup();
    await warm();
    expect(await answered(writer.submit('w1', debit('u1')))).toBe('debit');
    expect(await answered(writer.submit('w1', debit('u1')))).toBe('debit (replayed)');
    expect(repository.trips.map((trip) => trip.path)).toEqual(['known', 'known', 'locked']);
    expect(repository.wallet('w1').balanceMicros).toBe(9_750_000n);
  });
});

describe('LedgerWriter: a dropped connection', () => {
  it('reads again, in order, both a known batch and the one queued behind it when their connection drops', async () => {
    const { writer, repository, warm } = setup();
    await warm();
    const release = repository.pause('known');
    repository.fail('known', { error: connectionReset() });
    repository.fail('known', { error: connectionReset() });
    const first = answered(writer.submit('w1', authorize('c1')));
    await flush();
    const second = answered(writer.submit('w1', settle('c1')));
    await flush();
    release();
    // The settle's read waits for the authorize's: it finds the hold the authorize wrote.
    expect([await first, await second]).toEqual(['authorize', 'settle']);
    expect(repository.trips.map((trip) => `${trip.path} ${trip.ops?.join(', ') ?? ''}`.trim())).toEqual([
      'known',
      'known',
      'locked authorize c1',
      'locked settle c1',
    ]);
    expect(repository.wallet('w1')).toMatchObject({ balanceMicros: 9_600_000n, heldMicros: 0n });
  });

  it('charges once a batch that committed before its connection dropped, and answers it from the read', async () => {
    const { writer, repository, warm } = setup();
    await warm();
    repository.fail('known', { error: connectionReset(), committed: true });
    expect(await answered(writer.submit('w1', authorize('c1')))).toBe('authorize (replayed)');
    expect(await answered(writer.submit('w1', settle('c1')))).toBe('settle');
    expect(repository.wallet('w1')).toMatchObject({ balanceMicros: 9_600_000n, heldMicros: 0n });
  });

  it('fails a locking batch fast when the database is away, then reads the wallet again', async () => {
    const { writer, repository, warm } = setup();
    await warm();
    repository.changeElsewhere('w1', 0n);
    repository.fail('locked', { error: connectionReset() });
    expect(await answered(writer.submit('w1', authorize('c1')))).toBe('refused: read ECONNRESET');
    // What was known is gone: the next call reads rather than guess.
    expect(await answered(writer.submit('w1', authorize('c2')))).toBe('authorize');
    expect(repository.trips.map((trip) => trip.path)).toEqual(['known', 'locked', 'locked']);
  });
});

describe('LedgerWriter when a batch fails as a whole', () => {
  async function runThreeOps(error: Error) {
    const { writer, repository } = setup({ inFlight: 1, knownWallets: 0 });
    const release = repository.pause('locked');
    repository.fail('locked', { error });
    repository.fail('locked', { error });
    repository.fail('locked', { error });
    repository.fail('locked', { error });
    // The first operation goes alone; the next two wait for it and then form one batch of two.
    const outcomes = ['a', 'b', 'c'].map((callId) => answered(writer.submit('w1', settle(callId))));
    release();
    return { outcomes: await Promise.all(outcomes), lockedWrites: repository.trips.length };
  }

  it('fails the whole batch at once when the database is away, without retrying each operation', async () => {
    const refused = connectionReset();
    const { outcomes, lockedWrites } = await runThreeOps(refused);
    expect(outcomes).toEqual(Array(3).fill(`refused: ${refused.message}`));
    expect(lockedWrites).toBe(2);
  });

  it('retries one operation at a time when the failure may be one bad operation', async () => {
    const defect = new Error('some unexpected failure');
    const { outcomes, lockedWrites } = await runThreeOps(defect);
    expect(outcomes).toEqual(Array(3).fill(`refused: ${defect.message}`));
    expect(lockedWrites).toBe(4);
  });
});

describe('LedgerWriter.submitAll', () => {
  const locked = (overrides: Partial<AppConfig['batching']> = {}) => setup({ inFlight: 1, knownWallets: 0, ...overrides });
  const tripOps = (repository: FakeLedgerRepository) => repository.trips.map((trip) => trip.ops ?? []);

  it('sends the operations in one trip, applied in the order given, each answered on its own', async () => {
    const { writer, repository } = locked();
    const answers = await Promise.allSettled(
      writer.submitAll('w1', [authorize('c1', 2_000_000n), settle('c1', 1_000_000n), authorize('c2', 9_500_000n)]),
    );
    expect(tripOps(repository)).toEqual([['authorize c1', 'settle c1', 'authorize c2']]);
    expect(answers.map((answer) => answer.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(answers[1]).toMatchObject({ value: { kind: 'settle', replayed: false, hold: { chargedMicros: 1_000_000n } } });
    // $10 − $1 settled leaves $9 available: $9.50 is refused, alone.
    expect(answers[2]).toMatchObject({ reason: expect.any(InsufficientFundsError) });
  });

  it('never splits them between batches, even past BATCH_MAX_SIZE', async () => {
    const { writer, repository } = locked({ maxBatchSize: 3 });
    // The first operation is in flight alone; the five submitted together wait, then go in one trip.
    const first = writer.submit('w1', authorize('c0', 1n));
    const together = writer.submitAll(
      'w1',
      [1, 2, 3, 4, 5].map((n) => authorize(`c${n}`, 1n)),
    );
    const after = writer.submit('w1', authorize('c6', 1n));
    await Promise.all([first, ...together, after]);
    expect(tripOps(repository).map((ops) => ops.length)).toEqual([1, 5, 1]);
  });

  it('queues all of them or none: past the wallet queue every one is refused as overloaded and nothing is applied', async () => {
    const { writer, repository } = locked();
    const tooMany = Array.from({ length: 101 }, (_, i) => authorize(`c${i}`, 1n));
    const refused = await Promise.allSettled(writer.submitAll('w1', tooMany));
    expect(refused.every((answer) => answer.status === 'rejected' && answer.reason instanceof OverloadedError)).toBe(true);
    expect(repository.trips).toEqual([]);
    const accepted = await Promise.allSettled(writer.submitAll('w1', tooMany.slice(0, 100)));
    expect(accepted.every((answer) => answer.status === 'fulfilled')).toBe(true);
  });
});
