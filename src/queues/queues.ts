/** Bull queue names, one per kind of background work. */
export const Queues = {
  /** Auto-reload evaluations and charges, one job per wallet at a time. */
  AutoReload: 'auto-reload',
  /** Owner emails from the notifications outbox. */
  Notifications: 'notifications',
  /** Signed events to agencies' own webhook endpoints. */
  AgencyWebhooks: 'agency-webhooks',
} as const;
