export type Role = 'admin' | 'owner' | 'subteam' | 'support';

/** Who is calling, resolved once from the API key by the auth guard. */
export type Principal =
  | { role: 'admin'; id: 'admin' }
  | { role: 'owner'; id: string; agencyId: string }
  | { role: 'subteam'; id: string; agencyId: string; subteamId: string }
  | { role: 'support'; id: string; supportUserId: string };

export interface AuthenticatedRequest {
  principal: Principal;
  id: string;
}
