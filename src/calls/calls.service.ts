import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ForbiddenError, ValidationError } from '../common/errors';
import type { Principal } from '../common/auth/principal';
import { formatMoney, type Micros } from '../database/money';
import { LedgerWriter } from '../wallet/ledger-writer';
import type { HoldRecord, OpValue } from '../wallet/ledger-batch';
import { WalletService, entryView } from '../wallet/wallet.service';
import { WalletRepository } from '../wallet/wallet.repository';
import { localDate, monthStart } from '../common/time-zones';

export interface Replayable<T> {
  body: T;
  replayed: boolean;
}

/** The call flow's verbs: authorize a call, extend, settle or release it, report direct usage. */
@Injectable()
export class CallsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly writer: LedgerWriter,
    private readonly wallets: WalletService,
    private readonly repository: WalletRepository,
  ) {}

  async authorizeCall(principal: Principal, input: { callId: string; amountMicros: Micros; subteamId?: string }) {
    const { walletId, subteamId } = await this.actingSubteam(principal, input.subteamId, true);
    const value = await this.writer.submit(walletId, {
      kind: 'authorize',
      subteamId: subteamId!,
      callId: input.callId,
      amountMicros: input.amountMicros,
      expiresAt: this.holdExpiry(),
    });
    const { hold, replayed } = expect(value, 'authorize');
    return { replayed, body: authorizationView(hold) };
  }

  /** Raises a call's hold to a new total; the hold then lives `HOLD_TTL_SECONDS` from now. */
  async extendCall(principal: Principal, input: { callId: string; amountMicros: Micros; subteamId?: string }) {
    const { walletId, subteamId } = await this.actingSubteam(principal, input.subteamId, false);
    const value = await this.writer.submit(walletId, {
      kind: 'extend',
      subteamId,
      callId: input.callId,
      amountMicros: input.amountMicros,
      expiresAt: this.holdExpiry(),
    });
    const { hold, replayed } = expect(value, 'extend');
    return { replayed, body: authorizationView(hold) };
  }

  async settleCall(principal: Principal, input: { callId: string; costMicros: Micros; subteamId?: string }) {
    const { walletId, subteamId } = await this.actingSubteam(principal, input.subteamId, false);
    const value = await this.writer.submit(walletId, {
      kind: 'settle',
      subteamId,
      callId: input.callId,
      costMicros: input.costMicros,
    });
    const { hold, replayed } = expect(value, 'settle');
    return { replayed, body: settlementView(hold) };
  }

  async releaseCall(principal: Principal, input: { callId: string; subteamId?: string }) {
    const { walletId, subteamId } = await this.actingSubteam(principal, input.subteamId, false);
    const value = await this.writer.submit(walletId, { kind: 'release', subteamId, callId: input.callId });
    const { hold, replayed } = expect(value, 'release');
    return {
      replayed,
      body: {
        callId: hold.callId,
        status: hold.status,
        released: formatMoney(hold.status === 'settled' ? (hold.releasedMicros ?? 0n) : hold.amountMicros),
      },
    };
  }

  async reportUsage(
    principal: Principal,
    input: { amountMicros: Micros; reference: string; description?: string; subteamId?: string },
  ) {
    const { walletId, subteamId } = await this.actingSubteam(principal, input.subteamId, true);
    const value = await this.writer.submit(walletId, {
      kind: 'debit',
      subteamId: subteamId!,
      reference: input.reference,
      amountMicros: input.amountMicros,
      description: input.description ?? null,
    });
    const { usage, replayed } = expect(value, 'debit');
    return {
      replayed,
      body: entryView({
        id: usage.id!,
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
    const wallet = (await this.repository.findWallet(await this.wallets.walletIdOf(principal.agencyId)))!;
    const to = range.to ?? localDate(new Date(), wallet.timeZone);
    const from = range.from ?? monthStart(to);
    if (from > to) throw new ValidationError('from must not be after to', { fields: [{ path: 'from', message: 'after to' }] });
    const days = await this.repository.subteamUsage(principal.subteamId, from, to);
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

  /**
   * A subteam key acts for itself. An owner key may act for one of its subteams by naming it;
   * settle and release may omit it, since a call id already identifies the hold in the wallet.
   */
  private async actingSubteam(principal: Principal, requested: string | undefined, required: boolean) {
    if (principal.role === 'subteam') {
      if (requested !== undefined && requested !== principal.subteamId) throw new ForbiddenError('A subteam key acts only for its own subteam');
      return { walletId: await this.wallets.walletIdOf(principal.agencyId), subteamId: principal.subteamId };
    }
    if (principal.role !== 'owner') throw new ForbiddenError();
    if (required && requested === undefined) {
      throw new ValidationError('An owner key must name the subteam it acts for', {
        fields: [{ path: 'subteamId', message: 'required with an owner key' }],
      });
    }
    return { walletId: await this.wallets.walletIdOf(principal.agencyId), subteamId: requested ?? null };
  }
}

function expect<K extends OpValue['kind']>(value: OpValue, kind: K): Extract<OpValue, { kind: K }> {
  if (value.kind !== kind) throw new Error(`Ledger writer answered ${value.kind} to ${kind}`);
  return value as Extract<OpValue, { kind: K }>;
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
