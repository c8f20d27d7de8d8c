import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ForbiddenError, NotFoundError, ValidationError } from '../common/errors';
import type { Principal } from '../auth/principal';
import { formatMoney, type Micros } from '../database/money';
import { type HoldRecord, type LedgerOp, LedgerWriter, type OpValue } from '../wallet/ledger';
import { WalletService, entryView } from '../wallet/wallet.service';
import { localDate, monthStart } from '../common/time-zones';
import { present } from '../common/present';

export interface Replayable<T> {
  body: T;
  replayed: boolean;
}

/** One call-flow operation, as its single route or one item of a batch asks for it. */
export type CallOperation =
  | { op: 'authorize'; callId: string; amountMicros: Micros; subteamId?: string }
  | { op: 'extend'; callId: string; amountMicros: Micros; subteamId?: string }
  | { op: 'settle'; callId: string; costMicros: Micros; subteamId?: string }
  | { op: 'release'; callId: string; subteamId?: string };

export type CallView = ReturnType<typeof authorizationView> | ReturnType<typeof settlementView> | ReturnType<typeof releaseView>;

/** How one operation of a batch ended: its answer, or the error its single route would have answered. */
export type CallOutcome = ({ ok: true } & Replayable<CallView>) | { ok: false; error: unknown };

/** The call flow's verbs: authorize a call, extend, settle or release it, report direct usage. */
@Injectable()
export class CallsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly writer: LedgerWriter,
    private readonly wallets: WalletService,
  ) {}

  authorizeCall(principal: Principal, input: { callId: string; amountMicros: Micros; subteamId?: string }) {
    return this.performCall(principal, { op: 'authorize', ...input });
  }

  /** Raises a call's hold to a new total; the hold then lives `HOLD_TTL_SECONDS` from now. */
  extendCall(principal: Principal, input: { callId: string; amountMicros: Micros; subteamId?: string }) {
    return this.performCall(principal, { op: 'extend', ...input });
  }

  settleCall(principal: Principal, input: { callId: string; costMicros: Micros; subteamId?: string }) {
    return this.performCall(principal, { op: 'settle', ...input });
  }

  releaseCall(principal: Principal, input: { callId: string; subteamId?: string }) {
    return this.performCall(principal, { op: 'release', ...input });
  }

  /**
   * Many operations at once (a dialer's batch), all on the principal's wallet: submitted to the
   * ledger writer together, so they share one trip and apply in the order given (an authorize and
   * the settle of the same call may come in one batch). Each is answered on its own, exactly as
   * its single route would answer it (a refusal, a replay), so one refused call fails alone.
   */
  async performCalls(principal: Principal, operations: CallOperation[]): Promise<CallOutcome[]> {
    const walletId = await this.walletOf(principal);
    const prepared = operations.map((operation): { op: LedgerOp } | { error: unknown } => {
      try {
        return { op: this.ledgerOp(principal, operation) };
      } catch (error) {
        return { error };
      }
    });
    const answers = this.writer.submitAll(
      walletId,
      prepared.flatMap((item) => ('op' in item ? [item.op] : [])),
    );
    let next = 0;
    return Promise.all(
      prepared.map((item, index): Promise<CallOutcome> | CallOutcome => {
        if (!('op' in item)) return { ok: false, error: item.error };
        return answers[next++].then(
          (value): CallOutcome => ({ ok: true, ...callView(operations[index], value) }),
          (error: unknown): CallOutcome => ({ ok: false, error }),
        );
      }),
    );
  }

  private async performCall(principal: Principal, operation: CallOperation): Promise<Replayable<CallView>> {
    const walletId = await this.walletOf(principal);
    return callView(operation, await this.writer.submit(walletId, this.ledgerOp(principal, operation)));
  }

  /** What an operation asks of the ledger, for the subteam it acts for (refused here if it may not). */
  private ledgerOp(principal: Principal, operation: CallOperation): LedgerOp {
    const { callId } = operation;
    switch (operation.op) {
      case 'authorize': {
        const subteamId = this.namedSubteam(principal, operation.subteamId);
        return { kind: 'authorize', subteamId, callId, amountMicros: operation.amountMicros, expiresAt: this.holdExpiry() };
      }
      case 'extend': {
        const subteamId = this.actingSubteam(principal, operation.subteamId);
        return { kind: 'extend', subteamId, callId, amountMicros: operation.amountMicros, expiresAt: this.holdExpiry() };
      }
      case 'settle':
        return { kind: 'settle', subteamId: this.actingSubteam(principal, operation.subteamId), callId, costMicros: operation.costMicros };
      case 'release':
        return { kind: 'release', subteamId: this.actingSubteam(principal, operation.subteamId), callId };
    }
  }

  async reportUsage(principal: Principal, input: { amountMicros: Micros; reference: string; description?: string; subteamId?: string }) {
    const walletId = await this.walletOf(principal);
    const value = await this.writer.submit(walletId, {
      kind: 'debit',
      subteamId: this.namedSubteam(principal, input.subteamId),
      reference: input.reference,
      amountMicros: input.amountMicros,
      description: input.description ?? null,
    });
    const { usage, replayed } = expect(value, 'debit');
    return {
      replayed,
      body: entryView({
        id: present(usage.id, 'the id of the usage entry the writer wrote'),
        walletId,
        subteamId: usage.subteamId,
        type: 'usage',
        source: 'usage',
        amountMicros: -usage.amountMicros,
        balanceAfterMicros: usage.balanceAfterMicros,
        reference: usage.reference,
        description: usage.description,
        overrunMicros: null,
        createdAt: usage.createdAt,
      }),
    };
  }

  async usageOf(principal: Principal, range: { from?: string; to?: string }) {
    if (principal.role !== 'subteam') throw new ForbiddenError();
    // Days are the agency's local days, as the spend counters and limits count them.
    const wallet = await this.wallets.walletRow(await this.wallets.walletIdOf(principal.agencyId));
    if (!wallet) throw new NotFoundError('Agency');
    const to = range.to ?? localDate(new Date(), wallet.timeZone);
    const from = range.from ?? monthStart(to);
    if (from > to) throw new ValidationError('from must not be after to', { fields: [{ path: 'from', message: 'after to' }] });
    const days = await this.wallets.subteamUsage(principal.subteamId, from, to);
    const total = days.reduce((sum, day) => sum + day.spentMicros, 0n);
    return {
      subteamId: principal.subteamId,
      timeZone: wallet.timeZone,
      from,
      to,
      total: formatMoney(total),
      days: days.map((day) => ({ date: day.day, spent: formatMoney(day.spentMicros) })),
    };
  }

  private holdExpiry(): Date {
    return new Date(Date.now() + this.config.holds.ttlSeconds * 1000);
  }

  /** The wallet a call-flow key draws on: its agency's. */
  private walletOf(principal: Principal): Promise<string> {
    if (principal.role !== 'subteam' && principal.role !== 'owner') throw new ForbiddenError();
    return this.wallets.walletIdOf(principal.agencyId);
  }

  /**
   * A subteam key acts for itself. An owner key may act for one of its subteams by naming it;
   * settle and release may omit it, since a call id already identifies the hold in the wallet.
   */
  private actingSubteam(principal: Principal, requested: string | undefined): string | null {
    if (principal.role === 'subteam') {
      if (requested !== undefined && requested !== principal.subteamId) throw new ForbiddenError('A subteam key acts only for its own subteam');
      return principal.subteamId;
    }
    if (principal.role !== 'owner') throw new ForbiddenError();
    return requested ?? null;
  }

  /** The subteam an authorize or a usage debit is for: an owner key must name it. */
  private namedSubteam(principal: Principal, requested: string | undefined): string {
    const subteamId = this.actingSubteam(principal, requested);
    if (subteamId === null) {
      throw new ValidationError('An owner key must name the subteam it acts for', {
        fields: [{ path: 'subteamId', message: 'required with an owner key' }],
      });
    }
    return subteamId;
  }
}

function expect<K extends OpValue['kind']>(value: OpValue, kind: K): Extract<OpValue, { kind: K }> {
  if (value.kind !== kind) throw new Error(`Ledger writer answered ${value.kind} to ${kind}`);
  return value as Extract<OpValue, { kind: K }>;
}

/** What a call operation answers: the body of its single route, and whether it repeated an earlier answer. */
function callView(operation: CallOperation, value: OpValue): Replayable<CallView> {
  switch (operation.op) {
    case 'authorize':
    case 'extend': {
      const { hold, replayed } = expect(value, operation.op);
      return { replayed, body: authorizationView(hold) };
    }
    case 'settle': {
      const { hold, replayed } = expect(value, 'settle');
      return { replayed, body: settlementView(hold) };
    }
    case 'release': {
      const { hold, replayed } = expect(value, 'release');
      return { replayed, body: releaseView(hold) };
    }
  }
}

function authorizationView(hold: HoldRecord) {
  return {
    callId: hold.callId,
    holdId: hold.id,
    authorizedAmount: formatMoney(hold.amountMicros),
    expiresAt: hold.expiresAt.toISOString(),
  };
}

function settlementView(hold: HoldRecord) {
  return {
    callId: hold.callId,
    charged: formatMoney(hold.chargedMicros ?? 0n),
    released: formatMoney(hold.releasedMicros ?? 0n),
    balanceAfter: formatMoney(hold.balanceAfterMicros ?? 0n),
  };
}

function releaseView(hold: HoldRecord) {
  return {
    callId: hold.callId,
    status: hold.status,
    released: formatMoney(hold.status === 'settled' ? (hold.releasedMicros ?? 0n) : hold.amountMicros),
  };
}
