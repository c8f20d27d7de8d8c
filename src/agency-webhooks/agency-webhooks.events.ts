/** The events an agency's own systems receive at its webhook endpoint (SPEC "HTTP API"). */
export const AGENCY_EVENT_TYPES = [
  'wallet.low_balance',
  'wallet.depleted',
  'reload.succeeded',
  'reload.failed',
  'reload.requires_action',
  'auto_reload.suspended',
  'subteam.limit_warning',
  'subteam.limit_reached',
] as const;

export type AgencyEventType = (typeof AGENCY_EVENT_TYPES)[number];

/** The JSON body of every delivery; `id` is the delivery's id and stays the same across retries. */
export interface AgencyEvent {
  id: string;
  type: AgencyEventType;
  createdAt: string;
  agencyId: string;
  data: Record<string, unknown>;
}
