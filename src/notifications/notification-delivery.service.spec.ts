import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import type { ContactsRepository } from './contacts.repository';
import { EmailTemplates } from './email-templates';
import { MailGateway, MailSendError, type OutgoingEmail } from './mail.gateway';
import { NotificationDeliveryService } from './notification-delivery.service';
import type { NotificationRow, NotificationsRepository } from './notifications.repository';
import type { NotificationsService } from './notifications.service';
import type { SmsGateway } from './sms.gateway';
import { SmsTemplates } from './sms-templates';

const row: NotificationRow = {
  id: '0f6f4f8e-6a4c-4a51-8f0a-2b8d9f1c3e77',
  seq: '1',
  agencyId: 'a7c2e1d4-0000-4000-8000-000000000001',
  template: 'service-paused',
  recipients: ['billing@acme.test'],
  subject: 'Calls paused: the Acme wallet is empty',
  data: { agencyName: 'Acme', agencyId: 'a7c2e1d4', currency: 'USD', billingUrl: 'https://w.test/billing/a7c2e1d4', available: '0.00' },
  status: 'sending',
  attempts: 1,
  lastError: null,
  messageId: null,
  resumed: false,
  resendOf: null,
  createdAt: new Date('2026-11-23T10:00:00Z'),
  sentAt: null,
  channel: 'email',
  personEmail: 'billing@acme.test',
  providerMessageId: null,
  deliveryStatus: null,
  deliveryErrorCode: null,
};

function setup(
  options: {
    claimed?: NotificationRow | undefined;
    send?: (email: OutgoingEmail) => Promise<{ messageId: string }>;
    enabled?: boolean;
    /** Errors the first writes of the sent outcome throw, one per try. */
    markSentErrors?: Error[];
  } = {},
) {
  const calls: string[] = [];
  const markSentErrors = [...(options.markSentErrors ?? [])];
  const repository = {
    claim: jest.fn(async () => ('claimed' in options ? options.claimed : row)),
    markSent: jest.fn(async (_id: string, messageId: string) => {
      const error = markSentErrors.shift();
      if (error) throw error;
      calls.push(`sent ${messageId}`);
    }),
    markRetry: jest.fn(async (_id: string, error: string) => void calls.push(`retry ${error}`)),
    markFailed: jest.fn(async (_id: string, error: string) => void calls.push(`failed ${error}`)),
    markSkipped: jest.fn(async (_id: string, reason: string) => void calls.push(`skipped ${reason}`)),
  };
  const sent: OutgoingEmail[] = [];
  const mail = {
    enabled: options.enabled ?? true,
    send: jest.fn(async (email: OutgoingEmail) => {
      sent.push(email);
      return options.send ? options.send(email) : { messageId: email.messageId };
    }),
  };
  const service = new NotificationDeliveryService(
    repository as unknown as NotificationsRepository,
    { outbox: { leaseSeconds: 180, whileClaimed: (_row: unknown, send: () => Promise<unknown>) => send() } } as unknown as NotificationsService,
    EmailTemplates.load(),
    mail as unknown as MailGateway,
    { publicBaseUrl: 'https://w.test' } as AppConfig,
    SmsTemplates.load(),
    { enabled: false } as SmsGateway,
    {} as ContactsRepository,
  );
  return { service, repository, mail, sent, calls };
}

describe('NotificationDeliveryService', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn', 'log']));

  it('sends a claimed row with a stable Message-ID and the template headers, then records it sent', async () => {
    const { service, sent, calls } = setup();
    await expect(service.deliver(row.id, { final: false })).resolves.toEqual({ kind: 'sent', messageId: `<${row.id}@agency-wallet>` });
    expect(sent[0]).toMatchObject({
      to: ['billing@acme.test'],
      subject: 'Calls paused: the Acme wallet is empty',
      messageId: `<${row.id}@agency-wallet>`,
      headers: { 'X-Agency-Wallet-Template': 'service-paused', 'X-Agency-Wallet-Notification': row.id },
    });
    expect(sent[0].text).toContain('$0.00');
    expect(calls).toEqual([`sent <${row.id}@agency-wallet>`]);
  });

  it('records a sent email once the database is back, without sending it again', async () => {
    const terminated = new Error('Connection terminated unexpectedly');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const { service, repository, sent, calls } = setup({ markSentErrors: [terminated, refused] });
    await expect(service.deliver(row.id, { final: false })).resolves.toEqual({ kind: 'sent', messageId: `<${row.id}@agency-wallet>` });
    expect(sent).toHaveLength(1);
    expect(repository.markSent).toHaveBeenCalledTimes(3);
    expect(calls).toEqual([`sent <${row.id}@agency-wallet>`]);
  });

  it('does not retry the record when the failure is not an outage', async () => {
    const { service, repository, sent } = setup({ markSentErrors: [new Error('column "x" does not exist')] });
    await expect(service.deliver(row.id, { final: false })).rejects.toThrow('column "x" does not exist');
    expect(sent).toHaveLength(1);
    expect(repository.markSent).toHaveBeenCalledTimes(1);
  });

  it('sends nothing when another job holds the row or it is already done', async () => {
    const { service, mail } = setup({ claimed: undefined });
    await expect(service.deliver(row.id, { final: false })).resolves.toEqual({ kind: 'not-claimed' });
    expect(mail.send).not.toHaveBeenCalled();
  });

  it('puts the row back for a retry on an SMTP error, and fails it on the last attempt', async () => {
    const refuse = async () => Promise.reject(new MailSendError('451 4.3.0 Try again later (DATA)'));
    const first = setup({ send: refuse });
    await expect(first.service.deliver(row.id, { final: false })).resolves.toEqual({ kind: 'retry', error: '451 4.3.0 Try again later (DATA)' });
    expect(first.calls).toEqual(['retry 451 4.3.0 Try again later (DATA)']);
    const last = setup({ send: refuse });
    await expect(last.service.deliver(row.id, { final: true })).resolves.toMatchObject({ kind: 'failed' });
    expect(last.calls).toEqual(['failed 451 4.3.0 Try again later (DATA)']);
  });

  it('fails a row whose data does not fit its template, without trying SMTP', async () => {
    const { service, mail, calls } = setup({ claimed: { ...row, data: { ...row.data, available: undefined } } });
    await expect(service.deliver(row.id, { final: false })).resolves.toMatchObject({ kind: 'failed' });
    expect(mail.send).not.toHaveBeenCalled();
    expect(calls[0]).toMatch(/^failed Email template "service-paused" could not be rendered/);
  });

  it('records the row as skipped when email is disabled', async () => {
    const { service, mail, calls } = setup({ enabled: false });
    await expect(service.deliver(row.id, { final: false })).resolves.toEqual({ kind: 'skipped' });
    expect(mail.send).not.toHaveBeenCalled();
    expect(calls).toEqual(['skipped Email is disabled (MAIL_DISABLED=true)']);
  });
});
