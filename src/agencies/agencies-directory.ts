import { Injectable } from '@nestjs/common';
import { type AgencyCard, AgencyDirectory } from '../auth/agency-directory';
import type { Tx } from '../database/database';
import { AgenciesRepository } from './agencies.repository';
import { AgenciesService } from './agencies.service';

/** What auth asks of agencies (see AgencyDirectory). */
@Injectable()
export class AgenciesDirectory extends AgencyDirectory {
  constructor(
    private readonly repository: AgenciesRepository,
    private readonly agencies: AgenciesService,
  ) {
    super();
  }

  agencyExists(agencyId: string): Promise<boolean> {
    return this.repository.agencyExists(agencyId);
  }

  async subteamOf(tx: Tx, agencyId: string, subteamId: string): Promise<boolean> {
    return (await this.repository.findSubteam(tx, agencyId, subteamId)) !== null;
  }

  async agency(agencyId: string): Promise<AgencyCard> {
    const { id, name, currency, timeZone, ownerEmail } = await this.agencies.getAgency(agencyId);
    return { id, name, currency, timeZone, ownerEmail };
  }

  agenciesOf(email: string, agencyIds: string[]): Promise<Array<AgencyCard & { owned: boolean }>> {
    return this.repository.agenciesOf(email, agencyIds);
  }
}
