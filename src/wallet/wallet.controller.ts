import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Roles } from '../common/auth/auth.decorators';
import { ZodPipe, limitParam, uuidParam, seqCursor } from '../common/validation';
import { LEDGER_ENTRY_TYPES } from './wallet.entity';
import { WalletService } from './wallet.service';

const entriesQuery = z.strictObject({
  limit: limitParam,
  cursor: seqCursor.optional(),
  subteamId: uuidParam.optional(),
  type: z.enum(LEDGER_ENTRY_TYPES).optional(),
});

@Controller('agencies/:agencyId/wallet')
@Roles('owner', 'admin', 'support')
export class WalletController {
  constructor(private readonly wallets: WalletService) {}

  @Get()
  async get(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    const { row: _row, ...view } = await this.wallets.getWallet(agencyId);
    return view;
  }

  @Get('entries')
  entries(
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Query(new ZodPipe(entriesQuery)) query: z.output<typeof entriesQuery>,
  ) {
    return this.wallets.listEntries(agencyId, query);
  }
}
