import { type AgencyWalletClient, createAgencyWalletClient } from '../../client';
import type { TestApp } from './test-app';

export type { AgencyWalletClient };

/** The typed client (client/) on a test app, as an integration would use it. */
export const clientFor = (t: TestApp, apiKey: string): AgencyWalletClient => createAgencyWalletClient({ baseUrl: t.baseUrl, apiKey });

type Answer = Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** A typed client call that must answer `status` (a success): its typed body and headers. */
export async function expectOk<P extends Answer>(call: P, status: number): Promise<{ body: NonNullable<Awaited<P>['data']>; headers: Headers }> {
  const { data, error, response } = await call;
  if (response.status !== status) throw new Error(`Expected ${status}, got ${response.status}: ${JSON.stringify(error ?? data)}`);
  return { body: data as NonNullable<Awaited<P>['data']>, headers: response.headers };
}

/** A typed client call that must fail with `status`: its typed error body (`{ error: { code, message, details } }`). */
export async function expectError<P extends Answer>(call: P, status: number): Promise<NonNullable<Awaited<P>['error']>> {
  const { data, error, response } = await call;
  if (response.status !== status) throw new Error(`Expected ${status}, got ${response.status}: ${JSON.stringify(error ?? data)}`);
  return error as NonNullable<Awaited<P>['error']>;
}
