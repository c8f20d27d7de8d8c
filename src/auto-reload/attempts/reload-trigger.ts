/**
 * What started a reload attempt. `manual` is the owner's one-off top-up; every other trigger is an
 * automatic reload. This file is the one place that tells the two apart: only automatic reloads
 * count towards the caps and the daily limit, wait for each other (one in flight per wallet, the
 * `reload_attempts_one_in_flight` index), fall back to backup methods and count towards suspension;
 * a top-up is charged, credited and described as a top-up.
 */
export const RELOAD_TRIGGERS = ['threshold', 'sweep', 'manual', 'support_retry'] as const;
export type ReloadTrigger = (typeof RELOAD_TRIGGERS)[number];

/** The trigger of a top-up, the one attempt that is not an automatic reload. */
export const TOP_UP_TRIGGER = 'manual' satisfies ReloadTrigger;

export type AutomaticTrigger = Exclude<ReloadTrigger, typeof TOP_UP_TRIGGER>;

export function isAutomatic(trigger: ReloadTrigger): trigger is AutomaticTrigger {
  return trigger !== TOP_UP_TRIGGER;
}

/** How a succeeded attempt shows in the ledger and on the Stripe charge. */
export function creditFor(trigger: ReloadTrigger): { type: 'reload' | 'top_up'; description: string; chargeDescription: string } {
  return isAutomatic(trigger)
    ? { type: 'reload', description: `Auto-reload (${trigger})`, chargeDescription: 'Agency Wallet auto-reload' }
    : { type: 'top_up', description: 'Top-up', chargeDescription: 'Agency Wallet top-up' };
}
