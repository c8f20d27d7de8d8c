/**
 * README's dialer integration, as code a test runs (test/e2e/dialer-example.e2e-spec.ts); README.md
 * shows the lines between the markers, and a test keeps the two the same.
 */
import type { AgencyWalletClient } from '../index';

export async function dialerExample(wallet: AgencyWalletClient, callId: string) {
  // README:start
  const call = { params: { path: { callId } } };
  const timeout = () => ({ signal: AbortSignal.timeout(2_000) });
  // A request that timed out may have worked: send it again. The call id makes it happen once.
  const again = <T>(send: () => Promise<T>): Promise<T> => send().catch(() => send());

  const auth = await again(() => wallet.POST('/v1/calls/authorize', { body: { callId, amount: '2.00' }, ...timeout() }));
  if (auth.error) throw new Error(auth.error.error.code); // insufficient_funds, spend_limit_exceeded, paused…
  // Still talking: raise the hold to a new total (a total, not an increment, so a retry is harmless).
  const extended = await again(() => wallet.POST('/v1/calls/{callId}/extend', { ...call, body: { authorizedAmount: '4.00' }, ...timeout() }));
  // Hung up: charge the cost, give the rest of the hold back. Sent twice, it charges once.
  const settled = await again(() => wallet.POST('/v1/calls/{callId}/settle', { ...call, body: { cost: '3.12' }, ...timeout() }));
  // README:end
  return { auth, extended, settled };
}
