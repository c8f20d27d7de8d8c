import { LockMode } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Database, type Tx } from '../database/database';
import { SupportUser } from './api-key.entity';

@Injectable()
export class SupportUsersRepository {
  constructor(private readonly db: Database) {}

  async create(tx: Tx, email: string, isAdmin: boolean): Promise<SupportUser> {
    const user = tx.create(SupportUser, { id: randomUUID(), email, isAdmin });
    await tx.flush();
    return user;
  }

  findAll(): Promise<SupportUser[]> {
    return this.db.em().find(SupportUser, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  /** Locked for the change about to be made. */
  findForUpdate(tx: Tx, id: string): Promise<SupportUser | null> {
    return tx.findOne(SupportUser, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  findByEmail(tx: Tx, email: string): Promise<SupportUser | null> {
    return tx.findOne(SupportUser, { email });
  }
}
