import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CapturedEmail {
  template: string;
  notificationId: string;
  agencyId: string;
  messageId: string;
  from: string;
  /** Addresses in the To header. */
  to: string[];
  /** Addresses the SMTP envelope delivered to. */
  envelopeTo: string[];
  subject: string;
  text: string;
  html: string;
  parsed: ParsedMail;
}

export type EmailFilter = { template?: string; notificationId?: string; agencyId?: string; to?: string } | ((email: CapturedEmail) => boolean);

export interface SmtpCapture {
  /** For SMTP_URL. */
  url: string;
  messages: CapturedEmail[];
  /** Every DATA the server was sent, accepted or not (a hung send still arrives here). */
  attempts: number;
  /** Refuses the next `count` messages with this reply, as a server in trouble would. */
  failNext(count: number, reply?: { code: number; message: string }): void;
  /** Takes messages in but never answers them, as a server that hangs mid-send. */
  hang(on: boolean): void;
  received(filter?: EmailFilter): CapturedEmail[];
  /** Waits until `count` messages match (default 1) and returns them; fails after `timeoutMs`. */
  waitFor(filter: EmailFilter, options?: { count?: number; timeoutMs?: number }): Promise<CapturedEmail[]>;
  close(): Promise<void>;
}

/** A real SMTP server on a free loopback port that keeps what it receives, parsed. */
export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: CapturedEmail[] = [];
  let failures: { count: number; code: number; message: string } = { count: 0, code: 451, message: '' };
  let hanging = false;
  let attempts = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 200,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        attempts++;
        if (hanging) return;
        if (failures.count > 0) {
          failures.count--;
          const error = Object.assign(new Error(failures.message), { responseCode: failures.code });
          callback(error);
          return;
        }
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            messages.push(
              toCaptured(
                parsed,
                session.envelope.rcptTo.map((rcpt) => rcpt.address),
              ),
            );
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  // A sender killed mid-conversation resets its connection: that is the sender's fault to report,
  // not a reason for the capture (and the test or fault-injection run holding it) to crash.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  const received = (filter: EmailFilter = {}) => messages.filter(matcher(filter));

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    get attempts() {
      return attempts;
    },
    failNext(count, reply = { code: 451, message: 'Temporary local problem, try again later' }) {
      failures = { count, ...reply };
    },
    hang(on) {
      hanging = on;
    },
    received,
    async waitFor(filter, { count = 1, timeoutMs = 15_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = received(filter);
        if (found.length >= count) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const seen = messages.map((m) => `${m.template} → ${m.to.join(', ')}: ${m.subject}`).join('\n  ');
      throw new Error(`Expected ${count} email(s) matching ${describe(filter)} within ${timeoutMs} ms; got:\n  ${seen || '(none)'}`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function toCaptured(parsed: ParsedMail, envelopeTo: string[]): CapturedEmail {
  const header = (name: string) => String(parsed.headers.get(name) ?? '');
  return {
    template: header('x-agency-wallet-template'),
    notificationId: header('x-agency-wallet-notification'),
    agencyId: header('x-agency-wallet-agency'),
    messageId: parsed.messageId ?? '',
    from: parsed.from?.text ?? '',
    to: addresses(parsed.to),
    envelopeTo,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    parsed,
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((group) => group.value.map((address) => address.address ?? '')).filter(Boolean);
}

function matcher(filter: EmailFilter): (email: CapturedEmail) => boolean {
  if (typeof filter === 'function') return filter;
  return (email) =>
    (filter.template === undefined || email.template === filter.template) &&
    (filter.notificationId === undefined || email.notificationId === filter.notificationId) &&
    (filter.agencyId === undefined || email.agencyId === filter.agencyId) &&
    (filter.to === undefined || email.to.includes(filter.to));
}

function describe(filter: EmailFilter): string {
  return typeof filter === 'function' ? 'the filter' : JSON.stringify(filter);
}
