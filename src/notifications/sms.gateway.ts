import { Inject, Injectable, Logger } from '@nestjs/common';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import twilio from 'twilio';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { present } from '../common/present';

export interface OutgoingSms {
  to: string;
  body: string;
  /** Twilio POSTs the message's delivery status here. */
  statusCallback: string;
  /** Names the file when texts are captured instead of sent. */
  fileName: string;
}

/** A text written to disk in development instead of being sent (what `/dev/sms` lists). */
export interface CapturedSms {
  sid: string;
  to: string;
  body: string;
  createdAt: string;
}

/**
 * Twilio refused or never answered. `retryable` is false for refusals that will not change on
 * their own (a bad number, an unsubscribed one); `code` is Twilio's error code when it gave one.
 */
export class SmsSendError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Twilio's "Attempt to send to unsubscribed recipient": the number replied STOP. */
export const TWILIO_UNSUBSCRIBED = 21610;

const TWILIO_API = 'https://api.twilio.com';
const CAPTURE_FOLDER = 'sms';

type Mode = 'twilio' | 'capture' | 'disabled';

/**
 * The only door to Twilio (the only importer of `twilio`). With credentials it sends through the
 * Messages API, at TWILIO_API_BASE when set (the test server in sandbox/twilio); without them,
 * outside production, it writes each text as a JSON file under MAIL_DIR/sms for the development
 * mailbox; in production without credentials, or with SMS_DISABLED, it sends nothing.
 */
@Injectable()
export class SmsGateway {
  private readonly logger = new Logger(SmsGateway.name);
  private readonly client: twilio.Twilio | undefined;
  readonly mode: Mode;
  private readonly directory: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const sms = config.sms;
    this.directory = resolve(config.mail.dir, CAPTURE_FOLDER);
    if (sms.disabled) this.mode = 'disabled';
    else if (sms.accountSid && sms.authToken) this.mode = 'twilio';
    else this.mode = config.env === 'production' ? 'disabled' : 'capture';

    if (this.mode === 'twilio') {
      const http = new twilio.RequestClient({ timeout: config.mail.sendTimeoutSeconds * 1000 });
      const base = sms.apiBase;
      // The SDK has no base-URL option; Twilio's documented way to reach another host is an HTTP
      // client of one's own. This one rewrites the host and leaves everything else to the SDK's.
      const httpClient = base
        ? (Object.assign(Object.create(http), {
            request: (opts: Parameters<typeof http.request>[0]) => http.request({ ...opts, uri: opts.uri.replace(TWILIO_API, base) }),
          }) as typeof http)
        : http;
      this.client = twilio(sms.accountSid, sms.authToken, { httpClient, autoRetry: false });
    } else if (this.mode === 'capture') {
      this.logger.log(`No TWILIO_ACCOUNT_SID: texts are written to ${this.directory} (development only)`);
    }
  }

  get enabled(): boolean {
    return this.mode !== 'disabled';
  }

  async send(sms: OutgoingSms): Promise<{ sid: string }> {
    if (this.mode === 'capture') return this.capture(sms);
    if (!this.client) throw new SmsSendError('SMS is not configured (TWILIO_ACCOUNT_SID)', null, false);
    const { from, messagingServiceSid } = this.config.sms;
    try {
      const message = await this.client.messages.create({
        to: sms.to,
        body: sms.body,
        statusCallback: sms.statusCallback,
        ...(messagingServiceSid ? { messagingServiceSid } : { from: present(from, 'TWILIO_FROM (required without TWILIO_MESSAGING_SERVICE_SID)') }),
      });
      return { sid: message.sid };
    } catch (error) {
      throw describeTwilioError(error);
    }
  }

  /** True when Twilio signed these parameters for this URL (its documented X-Twilio-Signature). */
  validSignature(signature: string | undefined, url: string, params: Record<string, string>): boolean {
    const token = this.config.sms.authToken;
    if (!token || !signature) return false;
    return twilio.validateRequest(token, signature, url, params);
  }

  /** The texts captured in development, newest first. */
  async captured(limit = 200): Promise<CapturedSms[]> {
    let names: string[];
    try {
      names = (await readdir(this.directory)).filter((name) => name.endsWith('.json'));
    } catch {
      return [];
    }
    const newest = names.sort().reverse().slice(0, limit);
    return Promise.all(newest.map(async (name) => JSON.parse(await readFile(resolve(this.directory, name), 'utf8')) as CapturedSms));
  }

  private async capture(sms: OutgoingSms): Promise<{ sid: string }> {
    const captured: CapturedSms = { sid: `dev-${sms.fileName}`, to: sms.to, body: sms.body, createdAt: new Date().toISOString() };
    await mkdir(this.directory, { recursive: true });
    await writeFile(resolve(this.directory, `${sms.fileName}.json`), JSON.stringify(captured, null, 2));
    return { sid: captured.sid };
  }
}

function describeTwilioError(error: unknown): SmsSendError {
  const rest = error as { status?: number; code?: number; message?: string };
  if (typeof rest.status === 'number') {
    // A refused key is the operator's to fix; like an outage, it is worth trying again later.
    const retryable = rest.status >= 500 || rest.status === 429 || rest.status === 401 || rest.status === 403;
    return new SmsSendError(
      `Twilio ${rest.status}${rest.code ? ` error ${rest.code}` : ''}: ${rest.message ?? ''}`.trim(),
      rest.code ?? null,
      retryable,
    );
  }
  return new SmsSendError(`Twilio unreachable: ${String((error as Error)?.message ?? error)}`, null, true);
}
