import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type StripeTestServer, startStripeServer } from '../../sandbox/stripe/stripe-server';
import type { AppConfig } from '../config/config';

/**
 * The Stripe-compatible sandbox (sandbox/stripe) when the service runs without a Stripe account.
 * A process that serves HTTP starts it inside itself, on its own port so a person's browser can
 * open its hosted pages, and points its signed webhooks at the service's Stripe endpoint; a worker
 * process, or any process given STRIPE_SANDBOX_URL, uses one that runs elsewhere. Production
 * refuses sandbox mode (src/config/unsafe-secrets.ts).
 */
export class StripeSandbox implements OnApplicationShutdown {
  private static readonly logger = new Logger('StripeSandbox');

  private constructor(
    /** Where the SDK sends requests; null when payments go to Stripe itself. */
    readonly apiUrl: string | null,
    /** Where a browser opens the sandbox's pages. */
    readonly publicUrl: string | null,
    private readonly server: StripeTestServer | null,
  ) {}

  static async start(config: AppConfig): Promise<StripeSandbox> {
    const sandbox = config.stripe.sandbox;
    if (!sandbox) return new StripeSandbox(null, null, null);
    if (sandbox.external || config.role === 'worker') {
      StripeSandbox.logger.warn(`STRIPE SANDBOX: payments go to the Stripe sandbox at ${sandbox.apiUrl}; no real money moves`);
      return new StripeSandbox(sandbox.apiUrl, sandbox.publicUrl, null);
    }
    let server: StripeTestServer;
    try {
      server = await startStripeServer({
        port: sandbox.port,
        host: sandbox.host,
        publicUrl: sandbox.port === 0 ? undefined : sandbox.publicUrl,
        webhookSecret: config.stripe.webhookSecret,
        webhookUrl: config.http.port ? `http://127.0.0.1:${config.http.port}/v1/webhooks/stripe` : undefined,
        bankDebitSettlementMs: sandbox.bankDebitSettlementMs,
        stateFile: sandbox.stateFile,
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new Error(
        `STRIPE_SANDBOX_PORT: cannot start the Stripe sandbox on ${sandbox.host}:${sandbox.port} (${code}). Another service process may run it: give this one STRIPE_SANDBOX_URL=${sandbox.apiUrl}, or pick another port`,
        { cause: error },
      );
    }
    StripeSandbox.logger.warn(
      `STRIPE SANDBOX: payments go to the built-in Stripe sandbox at ${server.url} (pages at ${sandbox.port === 0 ? server.url : sandbox.publicUrl}); no real money moves. Test cards: sandbox/stripe/README.md`,
    );
    return new StripeSandbox(server.url, sandbox.port === 0 ? server.url : sandbox.publicUrl, server);
  }

  /** True when this process runs the sandbox itself. */
  get embedded(): boolean {
    return this.server !== null;
  }

  /** Points the sandbox's webhooks at the service's Stripe endpoint, once its address is known. */
  deliverWebhooksTo(url: string): void {
    this.server?.setWebhookUrl(url);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}
