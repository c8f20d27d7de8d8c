import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, RequestId, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ZodPipe, uuidParam } from '../common/validation';
import { AgencyLimit } from '../common/rate-limit/agency-limit.guard';
import { PaymentMethodsService } from './payment-methods.service';

const addBody = z.strictObject({
  stripePaymentMethodId: z.string().regex(/^pm_\w{1,200}$/, 'must be a Stripe PaymentMethod id (pm_…)'),
});
const orderBody = z.strictObject({ ids: z.array(uuidParam).min(1).max(50) });

@Controller('agencies/:agencyId/payment-methods')
@Roles('owner', 'admin')
export class PaymentMethodsController {
  constructor(private readonly methods: PaymentMethodsService) {}

  @Post()
  @HttpCode(201)
  @AgencyLimit('payments')
  add(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(addBody)) body: z.output<typeof addBody>,
  ) {
    return this.methods.add({ principal, requestId }, agencyId, body.stripePaymentMethodId);
  }

  @Get()
  @Roles('owner', 'admin', 'support')
  list(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    return this.methods.list(agencyId);
  }

  @Put('order')
  @AgencyLimit('payments')
  reorder(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(orderBody)) body: z.output<typeof orderBody>,
  ) {
    return this.methods.reorder({ principal, requestId }, agencyId, body.ids);
  }

  @Delete(':id')
  @HttpCode(204)
  @AgencyLimit('payments')
  async remove(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Param('id', new ZodPipe(uuidParam)) id: string,
  ) {
    await this.methods.remove({ principal, requestId }, agencyId, id);
  }
}
