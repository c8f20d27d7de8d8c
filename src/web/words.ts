import type { SkipReason } from '../auto-reload/evaluation/reload-rules';

/** Why a reload attempt charged nothing, as it is told afterwards. */
export const SKIP_REASONS: Record<SkipReason, string> = {
  disabled: 'auto-reload was off',
  suspended: 'auto-reload was suspended after declined payments',
  above_threshold: 'funds were above the threshold by then',
  reload_in_flight: 'another reload was already on its way',
  cooling_down: 'waiting a little after a declined payment before trying again',
  daily_cap_reached: 'the daily reload limit was reached',
  monthly_cap_reached: 'the monthly reload limit was reached',
  reload_limit_reached: 'too many automatic reloads in 24 hours without a daily limit',
  no_payment_method: 'no payment method was saved',
  nothing_to_reload: 'the balance was already at the target',
};

/** Why a reload would charge nothing now (the dry run), in the present tense. */
export const SKIP_REASONS_NOW: Record<SkipReason, string> = {
  disabled: 'auto-reload is off',
  suspended: 'auto-reload is suspended after declined payments',
  above_threshold: 'available funds are above the threshold',
  reload_in_flight: 'a reload is already on its way',
  cooling_down: 'it waits a little after a declined payment before trying again',
  daily_cap_reached: 'the daily reload limit is reached',
  monthly_cap_reached: 'the monthly reload limit is reached',
  reload_limit_reached: 'there were too many automatic reloads in the last 24 hours',
  no_payment_method: 'no payment method is saved',
  nothing_to_reload: 'the balance is already at the target',
};

/** Beside a decline: the merchant name a bank that blocked the charge should be told to allow. */
export function bankAllowSentence(statementDescriptor: string | null): string | null {
  return statementDescriptor
    ? `If your bank blocked it, ask them to allow charges from "${statementDescriptor}" (the name on your statement).`
    : null;
}
