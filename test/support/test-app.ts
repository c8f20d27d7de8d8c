import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createAgencyWalletClient } from '../../client';
import { createApp } from '../../src/bootstrap';
import { ContractCheck } from '../../src/openapi/contract';
import { apiRoutes } from '../../src/openapi/api-routes';
import { openContracts } from './contracts';
import { type AppConfig, loadConfig } from '../../src/config/config';
import { WalletRepository } from '../../src/wallet/wallet.repository';

export const ADMIN_KEY = 'aw_admin_test_key_0123456789';

let apps = 0;

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  http: TestAgent;
  /** The service's own base URL, for the typed client (`test/support/client.ts`). */
  baseUrl: string;
  /** Every response is checked against the OpenAPI document; the file fails on a mismatch. */
  contract: ContractCheck;
  close(): Promise<void>;
}

/** The whole application on the run's database and the local Redis, as a user would reach it. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { worker: boolean; port?: number } = { worker: false },
): Promise<TestApp> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '10',
    METRICS_PORT: '0',
    // Each test app gets its own Bull keys, so suites and runs never see each other's jobs.
    QUEUE_PREFIX: `aw-test-${process.pid}-${++apps}`,
    ...env,
  });
  const contract = new ContractCheck(apiRoutes());
  openContracts.push(contract);
  const app = await createApp(config, { worker: options.worker, beforeInit: (fastify) => contract.attach(fastify) });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  return {
    app,
    config,
    http: request(app.getHttpServer()),
    baseUrl: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
    contract,
    close: () => app.close(),
  };
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

export interface Agency {
  id: string;
  walletId: string;
  ownerKey: string;
  ownerEmail: string;
}

export interface Subteam {
  id: string;
  key: string;
}

let counter = 0;

/** A fresh agency per suite: suites never truncate tables or share tenants. */
export async function createAgency(t: TestApp, body: Record<string, unknown> = {}): Promise<Agency> {
  const ownerEmail = `owner${Date.now()}-${++counter}@agency.test`;
  const res = await t.http
    .post('/v1/agencies')
    .set(bearer(ADMIN_KEY))
    .send({ name: `Agency ${counter}`, ownerEmail, ...body })
    .expect(201);
  return { id: res.body.id, walletId: res.body.walletId, ownerKey: res.body.apiKey, ownerEmail };
}

export async function createSubteam(t: TestApp, agency: Agency, body: Record<string, unknown> = {}): Promise<Subteam> {
  const res = await t.http
    .post(`/v1/agencies/${agency.id}/subteams`)
    .set(bearer(agency.ownerKey))
    .send({ name: `Subteam ${++counter}`, ...body })
    .expect(201);
  return { id: res.body.id, key: res.body.apiKey };
}

/** Funds a wallet the way support does: an audited, idempotent adjustment. */
export async function fund(t: TestApp, agency: Agency, amount: string): Promise<void> {
  await t.http
    .post(`/v1/support/agencies/${agency.id}/adjustments`)
    .set(bearer(ADMIN_KEY))
    .set('Idempotency-Key', `fund-${agency.id}-${++counter}`)
    .send({ amount, reason: 'Test funding' })
    .expect(201);
}

/** Points the agency's webhook endpoint at `url` (a test's receiver) and turns it on; returns its signing secret. */
export async function pointWebhooksAt(t: Pick<TestApp, 'http'>, agency: Agency, url: string): Promise<string> {
  const res = await t.http.put(`/v1/agencies/${agency.id}/webhook-endpoint`).set(bearer(agency.ownerKey)).send({ url, enabled: true }).expect(200);
  return res.body.secret;
}

/** The wallet through the typed client (client/): balance, held, available, pending, currency, status. */
export async function walletOf(t: TestApp, agency: Agency) {
  const api = createAgencyWalletClient({ baseUrl: t.baseUrl, apiKey: agency.ownerKey });
  const { data, error, response } = await api.GET('/v1/agencies/{agencyId}/wallet', { params: { path: { agencyId: agency.id } } });
  if (!data) throw new Error(`GET wallet answered ${response.status}: ${JSON.stringify(error)}`);
  return data;
}

/** The ledger invariant: balance = Σ entries and held = Σ open holds. */
export async function expectLedgerInvariant(t: TestApp, agency: Agency): Promise<void> {
  const check = await t.app.get(WalletRepository).checkInvariant(agency.walletId);
  expect(check.balanceMicros).toBe(check.entriesSumMicros);
  expect(check.heldMicros).toBe(check.openHoldsMicros);
}
