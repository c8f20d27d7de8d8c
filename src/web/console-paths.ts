/**
 * The console's pages are served at the root (`/billing/…`, what every email links to), not under
 * the API's `/v1` prefix: each path here is excluded from that prefix (Nest path syntax, `*path`
 * for the rest). A new top-level page adds its path here. An exclusion applies to every route whose
 * path matches, the API's too: `support/*path` would move the API's `/v1/support/…` routes to
 * `/support/…`. So console pages under `/support` need their exact paths listed (`support`,
 * `support/agencies/:agencyId/page`), never a wildcard that covers an API route.
 */
/**
 * The support console's pages, listed one by one: the API's own support routes live under
 * `/v1/support/…` and must keep that prefix, so no page shares a path with them.
 */
const SUPPORT_CONSOLE_PATHS = [
  'support',
  'support/search',
  'support/failures',
  'support/agency/*path',
  'support/approvals',
  'support/approvals/*path',
  'support/audit',
  'support/failed-jobs',
  'support/admin',
  'support/admin/*path',
];

export const CONSOLE_PATHS = [
  '',
  'sign-in',
  'sign-in/*path',
  'sign-out',
  'billing',
  'billing/*path',
  'assets/*path',
  'dev/sms',
  ...SUPPORT_CONSOLE_PATHS,
];
