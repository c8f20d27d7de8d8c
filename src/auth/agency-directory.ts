import type { ModuleRef } from '@nestjs/core';
import type { Tx } from '../database/database';

/** An agency as the console shows it to the people who may open it. */
export interface AgencyCard {
  id: string;
  name: string;
  currency: string;
  timeZone: string;
  ownerEmail: string;
}

/**
 * What auth needs to know about agencies, answered by agencies/ (which provides this class's
 * implementation). auth/ sits below every feature — each controller takes its decorators — while
 * agencies/ issues keys through auth when it creates an agency or a subteam. A module import from
 * auth back to agencies would close a cycle (or need forwardRef), so auth declares what it needs
 * and finds agencies' answer in the application when first asked (`agencyDirectoryIn`).
 */
export abstract class AgencyDirectory {
  /** Whether the agency exists (agencies are never deleted). */
  abstract agencyExists(agencyId: string): Promise<boolean>;
  /** Whether the subteam exists and belongs to the agency. */
  abstract subteamOf(tx: Tx, agencyId: string, subteamId: string): Promise<boolean>;
  /** The agency, or NotFoundError. */
  abstract agency(agencyId: string): Promise<AgencyCard>;
  /**
   * The agencies whose owner email is `email` (compared case-insensitively; `owned` says which)
   * or whose id is among `agencyIds`, by name.
   */
  abstract agenciesOf(email: string, agencyIds: string[]): Promise<Array<AgencyCard & { owned: boolean }>>;
}

/** The AgencyDirectory agencies/ provides; call when needed (once the modules are built), not in a constructor. */
export function agencyDirectoryIn(modules: ModuleRef): AgencyDirectory {
  return modules.get(AgencyDirectory, { strict: false });
}
