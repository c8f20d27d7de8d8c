import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  /** The raw body as it arrived: what the signature covers. */
  raw: string;
  body: { id: string; type: string; createdAt: string; agencyId: string; data: Record<string, unknown> };
  headers: IncomingHttpHeaders;
  /** The status this receiver answered with. */
  answered: number;
  at: number;
}

export interface WebhookReceiver {
  /** The endpoint URL to register, on 127.0.0.1 and a free port. */
  url: string;
  received(filter?: { agencyId?: string; type?: string; answered?: number }): ReceivedWebhook[];
  /** Answers the next `count` requests (for one agency, if given) with `status` instead of 200. */
  failNext(count: number, options?: { status?: number; agencyId?: string }): void;
  /** Answers every request with `status` for the next `ms` milliseconds, as an endpoint that is down for a while. */
  failFor(ms: number, status?: number): void;
  /** Waits until at least `count` requests match the filter, and returns them. */
  waitFor(
    filter: { agencyId?: string; type?: string; answered?: number },
    options?: { count?: number; timeoutMs?: number },
  ): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** An agency's own system, as far as webhooks go: records every request, answers 200 unless told otherwise. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedWebhook[] = [];
  const failures: { status: number; agencyId?: string }[] = [];
  let down = { until: 0, status: 503 };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: ReceivedWebhook['body'];
      try {
        body = JSON.parse(raw);
      } catch {
        body = { id: '', type: '(not JSON)', createdAt: '', agencyId: '', data: {} };
      }
      const failure = failures.findIndex((f) => f.agencyId === undefined || f.agencyId === body.agencyId);
      const answered = Date.now() < down.until ? down.status : failure >= 0 ? failures.splice(failure, 1)[0].status : 200;
      requests.push({ raw, body, headers: req.headers, answered, at: Date.now() });
      res.writeHead(answered, { 'Content-Type': 'text/plain' }).end(answered === 200 ? 'ok' : 'receiver is having a bad day');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const received: WebhookReceiver['received'] = (filter = {}) =>
    requests.filter(
      (request) =>
        (filter.agencyId === undefined || request.body.agencyId === filter.agencyId) &&
        (filter.type === undefined || request.body.type === filter.type) &&
        (filter.answered === undefined || request.answered === filter.answered),
    );

  return {
    url: `http://127.0.0.1:${port}/hooks/agency-wallet`,
    received,
    failNext(count, { status = 500, agencyId } = {}) {
      for (let i = 0; i < count; i++) failures.push({ status, agencyId });
    },
    failFor(ms, status = 503) {
      down = { until: Date.now() + ms, status };
    },
    async waitFor(filter, { count = 1, timeoutMs = 15_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = received(filter);
        if (found.length >= count) return found;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(
        `Expected ${count} webhook(s) matching ${JSON.stringify(filter)} within ${timeoutMs} ms; got ${JSON.stringify(
          requests.map((request) => ({ type: request.body.type, agencyId: request.body.agencyId, answered: request.answered })),
        )}`,
      );
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
