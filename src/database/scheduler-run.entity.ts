import { defineEntity, p } from '@mikro-orm/core';

/** A scheduled job's tick, claimed by the one process that runs it (`scheduler-ticks.ts`). */
export const SchedulerRunSchema = defineEntity({
  name: 'SchedulerRun',
  tableName: 'scheduler_runs',
  properties: {
    name: p.text().primary(),
    tick: p.bigint().primary(),
    ranAt: p.datetime().defaultRaw('now()'),
  },
});
export class SchedulerRun extends SchedulerRunSchema.class {}
SchedulerRunSchema.setClass(SchedulerRun);
