/**
 * The typed Agency Wallet client: openapi-fetch over the types generated from the service's OpenAPI
 * document (client/schema.ts, `npm run client:generate`). Paths, bodies and answers are typed.
 *
 *   const wallet = createAgencyWalletClient({ baseUrl: 'https://wallet.example.com', apiKey });
 *   const { data, error } = await wallet.POST('/v1/calls/authorize', { body: { callId, amount: '2.00' } });
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, operations, paths, webhooks } from './schema';
export type AgencyWalletClient = Client<paths>;
export type Schemas = components['schemas'];
/** The error body of every failed request: `{ error: { code, message, details } }`. */
export type ApiError = Schemas['Error'];

export function createAgencyWalletClient(options: ClientOptions & { baseUrl: string; apiKey: string }): AgencyWalletClient {
  const { apiKey, headers, ...rest } = options;
  return createClient<paths>({ ...rest, headers: { Authorization: `Bearer ${apiKey}`, ...(headers as Record<string, string> | undefined) } });
}
