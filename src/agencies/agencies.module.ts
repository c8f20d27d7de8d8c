import { Module } from '@nestjs/common';
import { AgencyDirectory } from '../auth/agency-directory';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { WalletModule } from '../wallet/wallet.module';
import { AgenciesController } from './agencies.controller';
import { AgenciesDirectory } from './agencies-directory';
import { AgenciesRepository } from './agencies.repository';
import { AgenciesService } from './agencies.service';

@Module({
  imports: [AuthModule, AuditModule, WalletModule],
  controllers: [AgenciesController],
  providers: [AgenciesRepository, AgenciesService, { provide: AgencyDirectory, useClass: AgenciesDirectory }],
  exports: [AgenciesService, AgencyDirectory],
})
export class AgenciesModule {}
