import { Global, Module } from '@nestjs/common';
import { WalletModule } from '../wallet/wallet.module';
import { AgenciesController } from './agencies.controller';
import { AgenciesRepository } from './agencies.repository';
import { AgenciesService } from './agencies.service';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';

@Global()
@Module({
  imports: [WalletModule],
  controllers: [AgenciesController, ApiKeysController],
  providers: [AgenciesRepository, AgenciesService, ApiKeysRepository, ApiKeysService],
  exports: [AgenciesService, ApiKeysService],
})
export class AgenciesModule {}
