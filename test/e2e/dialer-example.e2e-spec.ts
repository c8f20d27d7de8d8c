import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAgencyWalletClient } from '../../client';
import { dialerExample } from '../../client/examples/dialer';
import { type TestApp, createAgency, createSubteam, expectLedgerInvariant, fund, startTestApp, walletOf } from '../support/test-app';

/** A fetch whose chosen answers are lost on the way back: the server did the work, the caller saw a failure. */
function losingAnswers(lose: (request: Request) => boolean) {
  const lost: string[] = [];
  const sent: string[] = [];
  const lossy = async (request: Request) => {
    sent.push(`${request.method} ${new URL(request.url).pathname}`);
    const response = await fetch(request.clone());
    if (lose(request) && !lost.includes(request.url)) {
      lost.push(request.url);
      await response.arrayBuffer();
      throw new DOMException('The operation timed out', 'TimeoutError');
    }
    return response;
  };
  return { lossy, lost, sent };
}

describe("README's dialer integration with the typed client", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('authorizes, extends and settles a call', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    await fund(t, agency, '10.00');
    const wallet = createAgencyWalletClient({ baseUrl: t.baseUrl, apiKey: subteam.key });

    const { auth, extended, settled } = await dialerExample(wallet, 'call-8841');
    expect(auth.data).toMatchObject({ callId: 'call-8841', authorizedAmount: '2.00' });
    expect(extended.data).toMatchObject({ callId: 'call-8841', authorizedAmount: '4.00' });
    expect(settled.data).toEqual({ callId: 'call-8841', charged: '3.12', released: '0.88', balanceAfter: '6.88' });
    expect(await walletOf(t, agency)).toMatchObject({ balance: '6.88', held: '0.00' });
    await expectLedgerInvariant(t, agency);
  });

  it('retries safely after a timeout: the same call id, one hold, one charge, and the first answer again', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    await fund(t, agency, '10.00');
    // The first answer to authorize, extend and settle is lost after the server acted on it.
    const network = losingAnswers(() => true);
    const wallet = createAgencyWalletClient({ baseUrl: t.baseUrl, apiKey: subteam.key, fetch: network.lossy });

    const { auth, extended, settled } = await dialerExample(wallet, 'call-retry');
    expect(network.lost).toHaveLength(3);
    expect(network.sent).toEqual([
      'POST /v1/calls/authorize',
      'POST /v1/calls/authorize',
      'POST /v1/calls/call-retry/extend',
      'POST /v1/calls/call-retry/extend',
      'POST /v1/calls/call-retry/settle',
      'POST /v1/calls/call-retry/settle',
    ]);
    for (const answer of [auth, extended, settled]) expect(answer.response.headers.get('idempotent-replayed')).toBe('true');
    expect(auth.data).toMatchObject({ callId: 'call-retry', authorizedAmount: '2.00' });
    expect(extended.data).toMatchObject({ authorizedAmount: '4.00' });
    expect(settled.data).toEqual({ callId: 'call-retry', charged: '3.12', released: '0.88', balanceAfter: '6.88' });

    // Charged once: one usage entry for the call, and the wallet as after a single settle.
    expect(await walletOf(t, agency)).toMatchObject({ balance: '6.88', held: '0.00' });
    const owner = createAgencyWalletClient({ baseUrl: t.baseUrl, apiKey: agency.ownerKey });
    const entries = await owner.GET('/v1/agencies/{agencyId}/wallet/entries', {
      params: { path: { agencyId: agency.id }, query: { type: 'usage' } },
    });
    expect(entries.data?.data.filter((entry) => entry.reference === 'call-retry')).toHaveLength(1);
    await expectLedgerInvariant(t, agency);
  });

  it('stops before dialing when the wallet cannot cover the call', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    await fund(t, agency, '1.00');
    const wallet = createAgencyWalletClient({ baseUrl: t.baseUrl, apiKey: subteam.key });
    await expect(dialerExample(wallet, 'call-poor')).rejects.toThrow('insufficient_funds');
    expect(await walletOf(t, agency)).toMatchObject({ balance: '1.00', held: '0.00' });
  });

  it('is the code README.md shows', () => {
    const source = readFileSync(join(__dirname, '../../client/examples/dialer.ts'), 'utf8');
    const lines = source.slice(source.indexOf('// README:start\n') + 16, source.indexOf('  // README:end')).split('\n');
    const example = lines
      .map((line) => line.replace(/^ {2}/, ''))
      .join('\n')
      .trim();
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    expect(readme).toContain(example);
  });
});
