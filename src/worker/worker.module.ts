import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { CallsModule } from '../calls/calls.module';
import { HousekeepingScheduler } from './housekeeping.scheduler';

/** Queue processors and the scheduler: present in ROLE=worker and ROLE=all processes. */
@Module({
  imports: [ScheduleModule.forRoot(), CallsModule],
  providers: [HousekeepingScheduler],
})
export class WorkerModule {}
