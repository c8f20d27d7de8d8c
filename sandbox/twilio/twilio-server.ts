import { createHmac, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Twilio-compatible SMS server for tests and local runs: the Messages API as the official
 * `twilio` SDK calls it (form-encoded, Basic auth, Twilio's JSON and error shapes), status
 * callbacks and inbound messages signed with `X-Twilio-Signature`, and Twilio's opt-out handling
 * (STOP blocks a number, START unblocks it, a send to a blocked number is error 21610).
 * Plain `node:http`, no dependencies, state in memory.
 */

export interface TwilioServerOptions {
  port?: number;
  host?: string;
  /** AC + 32 hex digits; random when absent. */
  accountSid?: string;
  /** Signs callbacks; random when absent. */
  authToken?: string;
  /** Where inbound replies are POSTed (the number's "A message comes in" URL). */
  inboundUrl?: string;
  /**
   * Maps a callback URL to the address it is actually POSTed to, as a load balancer in front of
   * the app would: the signature still covers the URL as configured.
   */
  route?: (url: string) => string;
  /** When set, status callbacks go out by themselves: sent, then delivered (or undelivered). */
  autoCallbacks?: boolean;
}

export interface SentMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  status: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';
  statusCallback: string | null;
  errorCode: number | null;
  createdAt: Date;
}

export interface CallbackAttempt {
  url: string;
  params: Record<string, string>;
  status: number | null;
  error?: string;
}

export interface TwilioTestServer {
  url: string;
  port: number;
  accountSid: string;
  authToken: string;
  /** Every message accepted, in order. */
  messages: SentMessage[];
  /** Every status callback and inbound POST made, with the app's answer. */
  callbacks: CallbackAttempt[];
  /** Numbers that replied STOP: sends to them answer 21610. */
  blocked: Set<string>;
  /** Messages to this number are accepted, then reported `undelivered` with this error code. */
  failDelivery(to: string, errorCode: number): void;
  /** Answers the next `count` create requests with this HTTP status (500, 503, 429). */
  failNext(count: number, status?: number): void;
  /** Reports a message's delivery: `sent` then `delivered`, or `undelivered` when its number fails. */
  report(sid: string): Promise<void>;
  /** A person texts `body` from `from` to the sending number: handles STOP/START, then POSTs inbound. */
  reply(from: string, body: string, to?: string): Promise<CallbackAttempt | undefined>;
  setInboundUrl(url: string | null): void;
  setRoute(route: (url: string) => string): void;
  received(filter?: { to?: string; body?: RegExp }): SentMessage[];
  waitFor(filter: { to?: string; body?: RegExp }, options?: { count?: number; timeoutMs?: number }): Promise<SentMessage[]>;
  close(): Promise<void>;
}

/** Twilio's documented request signature: HMAC-SHA1 of the URL and the sorted POST params, base64. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

/** Twilio's default opt-out and opt-in keywords (Advanced Opt-Out off). */
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const START_WORDS = new Set(['START', 'YES', 'UNSTOP']);
const E164 = /^\+[1-9]\d{6,14}$/;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** GSM-7 messages split at 153 characters when longer than 160; anything else at 67 past 70. */
function segments(body: string): number {
  const gsm = /^[\n\r !"#$%&'()*+,\-./0-9:;<=>?@A-Z_a-z£¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà^{}\\[~\]|€]*$/.test(body);
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  return body.length <= single ? 1 : Math.ceil(body.length / multi);
}

export async function startTwilioServer(options: TwilioServerOptions = {}): Promise<TwilioTestServer> {
  const accountSid = options.accountSid ?? `AC${hex(16)}`;
  const authToken = options.authToken ?? hex(16);
  const messages: SentMessage[] = [];
  const callbacks: CallbackAttempt[] = [];
  const blocked = new Set<string>();
  const undeliverable = new Map<string, number>();
  let failures = { count: 0, status: 500 };
  let inboundUrl = options.inboundUrl ?? null;
  let route = options.route ?? ((url: string) => url);
  const sendingNumber = '+15005550006';

  const messageJson = (message: SentMessage) => ({
    sid: message.sid,
    account_sid: accountSid,
    api_version: '2010-04-01',
    to: message.to,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    body: message.body,
    status: message.status,
    direction: 'outbound-api',
    num_segments: String(segments(message.body)),
    num_media: '0',
    error_code: message.errorCode,
    error_message: null,
    price: null,
    price_unit: 'USD',
    date_created: message.createdAt.toUTCString(),
    date_updated: new Date().toUTCString(),
    date_sent: null,
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}.json`,
    subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}/Media.json` },
  });

  const error = (res: http.ServerResponse, status: number, code: number, message: string) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
  };

  async function post(url: string, params: Record<string, string>): Promise<CallbackAttempt> {
    const attempt: CallbackAttempt = { url, params, status: null };
    try {
      const response = await fetch(route(url), {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
          'X-Twilio-Signature': twilioSignature(authToken, url, params),
          'User-Agent': 'TwilioProxy/1.1',
        },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(5000),
      });
      attempt.status = response.status;
      await response.text();
    } catch (err) {
      attempt.error = String(err);
    }
    callbacks.push(attempt);
    return attempt;
  }

  async function report(sid: string): Promise<void> {
    const message = messages.find((m) => m.sid === sid);
    if (!message) throw new Error(`No message ${sid}`);
    const failure = undeliverable.get(message.to);
    const steps: SentMessage['status'][] = failure ? ['sent', 'undelivered'] : ['sent', 'delivered'];
    for (const status of steps) {
      message.status = status;
      if (status === 'undelivered') message.errorCode = failure!;
      if (!message.statusCallback) continue;
      const params: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        From: message.from ?? sendingNumber,
        To: message.to,
        MessageSid: message.sid,
        SmsSid: message.sid,
        MessageStatus: status,
        SmsStatus: status,
      };
      if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid;
      if (status === 'undelivered') params.ErrorCode = String(failure);
      await post(message.statusCallback, params);
    }
  }

  function authorized(req: http.IncomingMessage, sid: string): boolean {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Basic ')) return false;
    const [user, password] = Buffer.from(header.slice(6), 'base64').toString().split(':');
    return user === accountSid && password === authToken && sid === accountSid;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages(?:\/([^/]+))?\.json$/.exec(url.pathname);
      if (!match) return error(res, 404, 20404, 'The requested resource was not found');
      if (!authorized(req, match[1])) return error(res, 401, 20003, 'Authenticate');

      if (req.method === 'GET' && match[2]) {
        const message = messages.find((m) => m.sid === match[2]);
        if (!message) return error(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify(messageJson(message)));
      }
      if (req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ messages: [...messages].reverse().map(messageJson), page: 0, page_size: 50 }));
      }
      if (req.method !== 'POST' || match[2]) return error(res, 405, 20004, 'Method not allowed');

      if (failures.count > 0) {
        failures.count--;
        return error(res, failures.status, failures.status === 429 ? 20429 : 20500, 'Internal Server Error');
      }
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
      const to = params.To ?? '';
      if (!E164.test(to)) return error(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
      if (!params.From && !params.MessagingServiceSid) {
        return error(res, 400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
      }
      if (!params.Body) return error(res, 400, 21602, 'Message body is required.');
      if (params.Body.length > 1600) return error(res, 400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
      if (blocked.has(to)) return error(res, 400, 21610, 'Attempt to send to unsubscribed recipient');

      const message: SentMessage = {
        sid: `SM${hex(16)}`,
        to,
        from: params.From ?? null,
        messagingServiceSid: params.MessagingServiceSid ?? null,
        body: params.Body,
        status: 'queued',
        statusCallback: params.StatusCallback ?? null,
        errorCode: null,
        createdAt: new Date(),
      };
      messages.push(message);
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(messageJson(message)));
      if (options.autoCallbacks) setTimeout(() => void report(message.sid), 20);
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const matcher = (filter: { to?: string; body?: RegExp }) => (m: SentMessage) =>
    (filter.to === undefined || m.to === filter.to) && (filter.body === undefined || filter.body.test(m.body));
  const received = (filter: { to?: string; body?: RegExp } = {}) => messages.filter(matcher(filter));

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    accountSid,
    authToken,
    messages,
    callbacks,
    blocked,
    failDelivery: (to, errorCode) => void undeliverable.set(to, errorCode),
    failNext: (count, status = 500) => void (failures = { count, status }),
    report,
    async reply(from, body, to = sendingNumber) {
      const keyword = body.trim().toUpperCase();
      if (STOP_WORDS.has(keyword)) blocked.add(from);
      if (START_WORDS.has(keyword)) blocked.delete(from);
      if (!inboundUrl) return undefined;
      return post(inboundUrl, {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        MessageSid: `SM${hex(16)}`,
        SmsSid: `SM${hex(16)}`,
        From: from,
        To: to,
        Body: body,
        NumMedia: '0',
        NumSegments: '1',
        ...(STOP_WORDS.has(keyword) ? { OptOutType: 'STOP' } : START_WORDS.has(keyword) ? { OptOutType: 'START' } : {}),
      });
    },
    setInboundUrl: (url) => void (inboundUrl = url),
    setRoute: (next) => void (route = next),
    received,
    async waitFor(filter, { count = 1, timeoutMs = 10_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received(filter);
        if (found.length >= count) return found;
        if (Date.now() > deadline) {
          throw new Error(`Expected ${count} SMS matching ${JSON.stringify({ ...filter, body: filter.body?.source })}, got ${found.length}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
