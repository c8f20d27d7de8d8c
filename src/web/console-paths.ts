/**
 * The console's pages are served at the root (`/billing/…`, what every email links to), not under
 * the API's `/v1` prefix: each path here is excluded from that prefix (Nest path syntax, `*path`
 * for the rest). A new top-level page adds its path here; keep them clear of the API's own routes
 * (which are only ever reached under `/v1`).
 */
export const CONSOLE_PATHS = ['', 'sign-in', 'sign-in/*path', 'sign-out', 'billing', 'billing/*path', 'assets/*path', 'dev/sms', 'support', 'support/*path'];
