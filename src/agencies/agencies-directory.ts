import { Injectable } from '@nestjs/common';
import { AgencyDirectory } from '../auth/agency-directory';
import type { Tx } from '../database/database';
import { AgenciesRepository } from './agencies.repository';

/** What auth asks of agencies (see AgencyDirectory). */
@Injectable()
export class AgenciesDirectory extends AgencyDirectory {
  constructor(private readonly repository: AgenciesRepository) {
    super();
  }

  agencyExists(agencyId: string): Promise<boolean> {
    return this.repository.agencyExists(agencyId);
  }

  async subteamOf(tx: Tx, agencyId: string, subteamId: string): Promise<boolean> {
    return (await this.repository.findSubteam(tx, agencyId, subteamId)) !== null;
  }
}
