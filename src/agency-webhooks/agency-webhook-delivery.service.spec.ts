import { AgencyWebhookDeliveryService } from './agency-webhook-delivery.service';
import type { AgencyWebhookGateway, WebhookRequest, WebhookResponse } from './agency-webhook.gateway';
import { verifyAgencyWebhookSignature } from './agency-webhook-signature';
import type { AgencyWebhooksRepository, DeliveryRow, WebhookEndpoint } from './agency-webhooks.repository';
import type { AgencyWebhooksService } from './agency-webhooks.service';

const secret = 'whsec_unit';
const row: DeliveryRow = {
  id: '6f1c1f0e-5b9c-4a57-9d1e-0c1c6b1f2a10',
  seq: '1',
  agencyId: 'a1b2c3d4-0000-4000-8000-000000000001',
  eventType: 'reload.failed',
  payload: { currency: 'USD', amount: '50.00' },
  status: 'sending',
  attempts: 1,
  lastStatusCode: null,
  lastError: null,
  createdAt: new Date('2026-11-23T10:00:00.000Z'),
  deliveredAt: null,
};

function setup(
  options: {
    endpoint?: Partial<WebhookEndpoint> | null;
    claimed?: boolean;
    answer?: WebhookResponse;
    /** Errors the first writes of the delivered outcome throw, one per try. */
    markDeliveredErrors?: Error[];
  } = {},
) {
  const marks: string[] = [];
  const markDeliveredErrors = [...(options.markDeliveredErrors ?? [])];
  const sent: WebhookRequest[] = [];
  const endpoint =
    options.endpoint === null
      ? undefined
      : {
          agencyId: row.agencyId,
          url: 'https://hooks.agency.test/in',
          enabled: true,
          secret,
          createdAt: new Date(),
          updatedAt: new Date(),
          ...options.endpoint,
        };
  const repository = {
    claim: async () => (options.claimed === false ? undefined : row),
    findEndpoint: async () => endpoint,
    markDelivered: async (_id: string, code: number) => {
      const error = markDeliveredErrors.shift();
      if (error) throw error;
      marks.push(`delivered ${code}`);
    },
    markRetry: async (_id: string, outcome: { statusCode: number | null; error: string }) =>
      void marks.push(`retry ${outcome.statusCode} ${outcome.error}`),
    markFailed: async (_id: string, outcome: { statusCode: number | null; error: string }) =>
      void marks.push(`failed ${outcome.statusCode} ${outcome.error}`),
  } as unknown as AgencyWebhooksRepository;
  const gateway = {
    post: async (request: WebhookRequest) => {
      sent.push(request);
      return options.answer ?? { statusCode: 204 };
    },
  } as unknown as AgencyWebhookGateway;
  const webhooks = {
    maxAttempts: 8,
    outbox: { leaseSeconds: 30, whileClaimed: (_row: unknown, send: () => Promise<unknown>) => send() },
  } as unknown as AgencyWebhooksService;
  return { service: new AgencyWebhookDeliveryService(repository, webhooks, gateway), marks, sent };
}

describe('AgencyWebhookDeliveryService', () => {
  it('POSTs the event signed with the endpoint secret and records a 2xx as delivered', async () => {
    const { service, marks, sent } = setup();
    await expect(service.deliver(row.id, { final: false }, 1_795_000_000)).resolves.toEqual({ kind: 'delivered', statusCode: 204 });
    expect(marks).toEqual(['delivered 204']);
    const [request] = sent;
    expect(request.url).toBe('https://hooks.agency.test/in');
    expect(JSON.parse(request.body)).toEqual({
      id: row.id,
      type: 'reload.failed',
      createdAt: '2026-11-23T10:00:00.000Z',
      agencyId: row.agencyId,
      data: { currency: 'USD', amount: '50.00' },
    });
    expect(request.headers['Agency-Wallet-Event-Id']).toBe(row.id);
    expect(request.headers['Content-Type']).toBe('application/json');
    expect(request.headers['Agency-Wallet-Signature']).toMatch(/^t=1795000000,v1=[0-9a-f]{64}$/);
    expect(verifyAgencyWebhookSignature(request.body, request.headers['Agency-Wallet-Signature'], secret, 300, 1_795_000_000)).toBe(true);
  });

  it('asks for a retry on a non-2xx or no answer, and fails on the last attempt', async () => {
    const redirect = setup({ answer: { statusCode: 302 } });
    await expect(redirect.service.deliver(row.id, { final: false })).resolves.toEqual({ kind: 'retry', error: 'The endpoint answered HTTP 302' });
    expect(redirect.marks).toEqual(['retry 302 The endpoint answered HTTP 302']);

    const refused = setup({ answer: { statusCode: null, error: 'Could not connect: ECONNREFUSED' } });
    await expect(refused.service.deliver(row.id, { final: true })).resolves.toEqual({ kind: 'failed', error: 'Could not connect: ECONNREFUSED' });
    expect(refused.marks).toEqual(['failed null Could not connect: ECONNREFUSED']);
  });

  it('sends nothing for a row another job holds, or to an endpoint disabled since', async () => {
    const taken = setup({ claimed: false });
    await expect(taken.service.deliver(row.id, { final: false })).resolves.toEqual({ kind: 'not-claimed' });
    expect(taken.sent).toHaveLength(0);

    const disabled = setup({ endpoint: { enabled: false } });
    await expect(disabled.service.deliver(row.id, { final: false })).resolves.toMatchObject({ kind: 'failed' });
    expect(disabled.sent).toHaveLength(0);
    expect(disabled.marks).toEqual(['failed null The webhook endpoint was disabled before delivery']);
  });

  it('records a delivery once the database is back, without sending it again', async () => {
    const terminated = new Error('Connection terminated unexpectedly');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const { service, marks, sent } = setup({ markDeliveredErrors: [terminated, refused] });
    await expect(service.deliver(row.id, { final: true })).resolves.toEqual({ kind: 'delivered', statusCode: 204 });
    expect(sent).toHaveLength(1);
    expect(marks).toEqual(['delivered 204']);
  });

  it('does not retry the record when the failure is not an outage', async () => {
    const { service, marks, sent } = setup({ markDeliveredErrors: [new Error('column "x" does not exist')] });
    await expect(service.deliver(row.id, { final: false })).rejects.toThrow('column "x" does not exist');
    expect(sent).toHaveLength(1);
    expect(marks).toEqual([]);
  });
});
