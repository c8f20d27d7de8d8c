import type { Response } from 'supertest';
import { type Agency, type TestApp, ADMIN_KEY, bearer } from './test-app';

/** Asserts the SPEC error body: {"error": {"code", "message", "details"}} with the given status and code. */
export function expectError(res: Response, status: number, code?: string): void {
  const summary = `${res.status} ${JSON.stringify(res.body)}`;
  expect({ status: res.status, summary }).toEqual({ status, summary: expect.any(String) });
  expectErrorBody(res, code);
}

/** Any 4xx (never a 5xx) with the SPEC error body; optionally a specific code. */
export function expectClientError(res: Response, code?: string): void {
  const summary = `${res.status} ${JSON.stringify(res.body)}`;
  expect({ is4xx: res.status >= 400 && res.status < 500, summary }).toEqual({ is4xx: true, summary: expect.any(String) });
  expectErrorBody(res, code);
}

export function expectErrorBody(res: Response, code?: string): void {
  expect(res.body).toEqual({
    error: {
      code: code ?? expect.any(String),
      message: expect.any(String),
      details: expect.any(Object),
    },
  });
  expect(res.body.error.message.length).toBeGreaterThan(0);
  expect(Array.isArray(res.body.error.details)).toBe(false);
}

/** Everything an owner can read about an agency's money: the wallet and every ledger entry. */
export async function moneySnapshot(t: TestApp, agency: Agency) {
  const wallet = await t.http.get(`/v1/agencies/${agency.id}/wallet`).set(bearer(agency.ownerKey)).expect(200);
  const entries = await t.http.get(`/v1/agencies/${agency.id}/wallet/entries?limit=200`).set(bearer(agency.ownerKey)).expect(200);
  return { wallet: wallet.body, entries: entries.body };
}

/** Money plus the agency record and its subteams, as its owner sees them. */
export async function tenantSnapshot(t: TestApp, agency: Agency) {
  const agencyRes = await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).expect(200);
  const subteams = await t.http.get(`/v1/agencies/${agency.id}/subteams`).set(bearer(agency.ownerKey)).expect(200);
  return { agency: agencyRes.body, subteams: subteams.body, ...(await moneySnapshot(t, agency)) };
}

export async function auditLogOf(t: TestApp, agencyId: string, key = ADMIN_KEY) {
  const res = await t.http.get(`/v1/support/audit-log?agencyId=${agencyId}&limit=200`).set(bearer(key)).expect(200);
  return res.body.data as Array<{
    id: string;
    actorRole: string;
    actorId: string;
    actorName: string | null;
    agencyId: string | null;
    action: string;
    targetType: string | null;
    targetId: string | null;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    reason: string | null;
    createdAt: string;
  }>;
}

let unique = 0;
/** A name unlikely to match anything else in the run's database. */
export const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${process.pid}-${++unique}`;
