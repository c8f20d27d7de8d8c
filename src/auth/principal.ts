export type Role = 'admin' | 'owner' | 'subteam' | 'support';

/**
 * Who is calling, resolved once from the API key by the auth guard. `id` is what the audit log
 * and the rate limiter key on (the API key's id for owner and subteam keys, the support user's
 * id for support); `name` is for people reading the audit log (the key's name, the support
 * user's email).
 */
export type Principal =
  | { role: 'admin'; id: 'admin'; name?: string }
  | { role: 'owner'; id: string; agencyId: string; name?: string }
  | { role: 'subteam'; id: string; agencyId: string; subteamId: string; name?: string }
  | { role: 'support'; id: string; supportUserId: string; name?: string };

export interface AuthenticatedRequest {
  principal: Principal;
  id: string;
}
