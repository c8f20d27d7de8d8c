import { Controller, Header, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { z } from 'zod';
import { ApiDoc } from '../openapi/api-doc';
import type { FastifyRequest } from 'fastify';
import { SignedWebhook } from '../auth/auth.decorators';
import { BadSignatureError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Inject } from '@nestjs/common';
import { ContactsService } from './contacts.service';
import { SmsGateway } from './sms.gateway';

type TwilioParams = Record<string, string>;

/**
 * Twilio's callbacks, form-encoded and signed with X-Twilio-Signature over the URL Twilio was
 * given (PUBLIC_BASE_URL + path) and the POST parameters; anything else is 400 and changes nothing.
 * Configure the sending number's "A message comes in" webhook as PUBLIC_BASE_URL/v1/webhooks/twilio/inbound.
 */
@Controller('webhooks/twilio')
@SignedWebhook()
export class TwilioWebhooksController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sms: SmsGateway,
    private readonly contacts: ContactsService,
  ) {}

  /** A text's delivery status (sent, delivered, undelivered, failed). */
  @Post('status')
  @ApiDoc({
    tag: 'Operations',
    summary: 'Twilio status callbacks (for Twilio, not for clients)',
    description: 'Form-encoded, verified with `X-Twilio-Signature`; a bad signature is 400 and changes nothing.',
    requestBody: z.looseObject({ MessageSid: z.string(), MessageStatus: z.string() }),
    responses: { 204: null },
  })
  @HttpCode(204)
  async status(@Req() request: FastifyRequest, @Headers('x-twilio-signature') signature: string | undefined) {
    const params = this.verified(request, signature, request.body);
    await this.contacts.deliveryReported({
      sid: params.MessageSid ?? params.SmsSid ?? '',
      status: params.MessageStatus ?? params.SmsStatus ?? '',
      errorCode: params.ErrorCode || null,
      to: params.To ?? null,
    });
  }

  /** A reply to the sending number: STOP opts the number out, START back in. Answers empty TwiML. */
  @Post('inbound')
  @ApiDoc({
    tag: 'Operations',
    summary: 'Texts replying to the sending number (for Twilio): STOP and START',
    description: 'Form-encoded, verified with `X-Twilio-Signature`; answers empty TwiML.',
    requestBody: z.looseObject({ From: z.string(), Body: z.string() }),
    responses: { 200: z.string().meta({ description: 'Empty TwiML `<Response></Response>`' }) },
  })
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async inbound(@Req() request: FastifyRequest, @Headers('x-twilio-signature') signature: string | undefined) {
    const params = this.verified(request, signature, request.body);
    await this.contacts.receiveText(params.From ?? '', params.Body ?? '');
    return '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
  }

  private verified(request: FastifyRequest, signature: string | undefined, body: unknown): TwilioParams {
    const params = (body && typeof body === 'object' ? body : {}) as TwilioParams;
    if (!this.sms.validSignature(signature, `${this.config.publicBaseUrl}${request.url}`, params)) {
      throw new BadSignatureError('Missing or invalid X-Twilio-Signature');
    }
    return params;
  }
}
