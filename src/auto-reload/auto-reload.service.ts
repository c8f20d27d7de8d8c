import { Injectable } from '@nestjs/common';
import type { Actor } from '../agencies/agencies.service';
import { ReloadEvaluationService } from './evaluation/reload-evaluation.service';
import { AutoReloadSettingsService, type PolicyInput } from './settings/auto-reload-settings.service';

/**
 * What other modules (the console, support, the demo seed) ask of auto-reload: its settings and a
 * dry run. The work is done by the use cases under `settings/` and `evaluation/`.
 */
@Injectable()
export class AutoReloadService {
  constructor(
    private readonly settings: AutoReloadSettingsService,
    private readonly evaluation: ReloadEvaluationService,
  ) {}

  getPolicy(agencyId: string) {
    return this.settings.getPolicy(agencyId);
  }

  savePolicy(actor: Actor, agencyId: string, input: PolicyInput) {
    return this.settings.savePolicy(actor, agencyId, input);
  }

  patchPolicy(actor: Actor, agencyId: string, patch: Partial<PolicyInput>) {
    return this.settings.patchPolicy(actor, agencyId, patch);
  }

  liftSuspension(actor: Actor, agencyId: string, reason: string) {
    return this.settings.liftSuspension(actor, agencyId, reason);
  }

  /** What a trigger would do now, charging nothing. */
  dryRun(agencyId: string) {
    return this.evaluation.dryRun(agencyId);
  }
}
