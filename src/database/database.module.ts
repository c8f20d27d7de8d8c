import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { Database } from './database';
import { ormOptions } from './orm.config';
import { SchedulerTicks } from './scheduler-ticks';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig) {
    return {
      module: DatabaseModule,
      imports: [MikroOrmModule.forRoot({ ...ormOptions(config), registerRequestContext: false })],
      providers: [Database, SchedulerTicks],
      exports: [Database, SchedulerTicks],
    };
  }
}
