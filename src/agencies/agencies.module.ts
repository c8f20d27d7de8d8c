import { Global, Module } from '@nestjs/common';
import { AgenciesController } from './agencies.controller';
import { AgenciesRepository } from './agencies.repository';
import { AgenciesService } from './agencies.service';
import { ApiKeysService } from './api-keys.service';

@Global()
@Module({
  controllers: [AgenciesController],
  providers: [AgenciesRepository, AgenciesService, ApiKeysService],
  exports: [AgenciesService, ApiKeysService],
})
export class AgenciesModule {}
