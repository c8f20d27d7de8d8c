import type { CommonTemplateData, TemplateData, TemplateName } from './notification-templates';

/** The data every agency email shares, for a sample agency. */
export const SAMPLE_COMMON: CommonTemplateData = {
  agencyName: 'Acme Insurance & Co',
  agencyId: '5b0c3a52-8d1e-4f7a-9d8e-2f1b6c4d7e90',
  currency: 'USD',
  billingUrl: 'https://wallet.example.com/billing/5b0c3a52-8d1e-4f7a-9d8e-2f1b6c4d7e90',
};
export const SAMPLE_VISA = { brand: 'visa', last4: '4242', type: 'card' };
const visa = SAMPLE_VISA;

/**
 * Realistic data for every email, exactly as the services pass it; links below `billingUrl` (the
 * payment-methods page) follow the one given, so a test can point them at a running service.
 */
export function emailSamples(billingUrl: string = SAMPLE_COMMON.billingUrl): { [T in TemplateName]: TemplateData[T] } {
  return {
    'payment-failed': {
      amount: '200.00',
      paymentMethod: visa,
      declineCode: 'insufficient_funds',
      declineMessage: 'Your card has insufficient funds.',
      attemptId: 'ra_7f3c2a10',
      nextStep: 'fallback',
      balance: '212.40',
      tried: [{ paymentMethod: visa, declineCode: 'insufficient_funds', declineMessage: 'Your card has insufficient funds.' }],
      chargedInstead: { brand: 'mastercard', last4: '4444', type: 'card' },
      statementDescriptor: 'AGWALLET* CALL CREDITS',
    },
    'requires-action': {
      amount: '200.00',
      paymentMethod: visa,
      authenticationUrl: 'https://hooks.stripe.com/3d_secure_2/authenticate/pi_3Nq/abc',
      attemptId: 'ra_7f3c2a11',
    },
    'low-balance': { available: '42.75', threshold: '50.00', runwayHours: 9 },
    'reload-succeeded': { amount: '200.00', paymentMethod: visa, balance: '249.99', attemptId: 'ra_7f3c2a12' },
    'daily-cap-reached': { window: 'daily', cap: '500.00', reloadedInWindow: '400.00', attemptedAmount: '200.00' },
    'reload-limit-reached': { limit: 10, reloadsInWindow: 10, attemptedAmount: '200.00' },
    'auto-reload-suspended': {
      failures: 3,
      lastDeclineCode: 'expired_card',
      lastDeclineMessage: 'Your card has expired.',
      statementDescriptor: 'AGWALLET* CALL CREDITS',
    },
    'settings-updated': {
      section: 'low-balance alert',
      changes: [
        { field: 'enabled', before: false, after: true },
        { field: 'threshold', before: '0.00', after: '50.00' },
      ],
    },
    'service-paused': { available: '0.00' },
    'funds-pending': {
      amount: '500.00',
      paymentMethod: { brand: 'STRIPE TEST BANK', last4: '6789', type: 'us_bank_account' },
      expectedBy: '2026-11-27T00:00:00.000Z',
    },
    'card-expiring': {
      paymentMethod: visa,
      expiry: '12/2026',
      expiresOn: '2026-12-31',
      daysLeft: 30,
      autoReloadEnabled: true,
      paymentMethodsUrl: `${billingUrl}/payment-methods`,
    },
    'no-payment-method': {
      cause: 'reload_due',
      amount: '200.00',
      threshold: '50.00',
      paymentMethodsUrl: `${billingUrl}/payment-methods`,
    },
    'subteam-limit-warning': {
      subteamId: '0d9f1c52-3b7a-4e61-8c2d-5a4b3c2d1e0f',
      subteamName: 'East Coast Medicare Team',
      window: 'daily',
      windowLabel: '2026-12-02',
      spent: '164.20',
      limit: '200.00',
      percentUsed: 82,
      percent: 80,
    },
    'subteam-limit-reached': {
      subteamId: '0d9f1c52-3b7a-4e61-8c2d-5a4b3c2d1e0f',
      subteamName: 'East Coast Medicare Team',
      window: 'monthly',
      windowLabel: '2026-12',
      spent: '5000.00',
      limit: '5000.00',
      percentUsed: 100,
    },
  };
}
