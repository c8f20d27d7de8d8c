/**
 * The agency pages' navigation, in order: `key` is what a page passes as `nav` to be marked
 * current, `path` is below `/billing/:agencyId`. A new agency page adds its entry here.
 */
export const CONSOLE_NAV: { key: string; label: string; path: string }[] = [
  { key: 'overview', label: 'Overview', path: '' },
  { key: 'auto-reload', label: 'Auto-reload', path: '/auto-reload' },
  { key: 'alerts', label: 'Alerts & contacts', path: '/alerts' },
  { key: 'preferences', label: 'Texts & preferences', path: '/preferences' },
  { key: 'top-up', label: 'Top up', path: '/top-up' },
  { key: 'reload-attempts', label: 'Reload attempts', path: '/reload-attempts' },
  { key: 'payment-methods', label: 'Payment methods', path: '/payment-methods' },
  { key: 'history', label: 'History', path: '/history' },
  { key: 'subteams', label: 'Subteams', path: '/subteams' },
  { key: 'notifications', label: 'Notifications', path: '/notifications' },
  { key: 'members', label: 'Members', path: '/members' },
];
