import type { ModuleRef } from '@nestjs/core';
import type { Tx } from '../database/database';

/**
 * The two facts about agencies that auth needs, answered by agencies/ (which provides this class's
 * implementation). auth/ sits below every feature — each controller takes its decorators — while
 * agencies/ issues keys through auth when it creates an agency, a subteam or a support user; a
 * module import from auth back to agencies would close a cycle, so auth declares what it needs and
 * finds agencies' answer in the application once every module is built (`agencyDirectoryIn`).
 */
export abstract class AgencyDirectory {
  /** Whether the agency exists (agencies are never deleted). */
  abstract agencyExists(agencyId: string): Promise<boolean>;
  /** Whether the subteam exists and belongs to the agency. */
  abstract subteamOf(tx: Tx, agencyId: string, subteamId: string): Promise<boolean>;
}

/** The AgencyDirectory agencies/ provides; call once the modules are built (`onModuleInit`). */
export function agencyDirectoryIn(modules: ModuleRef): AgencyDirectory {
  return modules.get(AgencyDirectory, { strict: false });
}
