import { Logger } from '@nestjs/common';
import type { Database } from '../database/database';
import { DependencyHealth } from './dependency-health';
import type { RedisClient } from './redis.provider';

describe('DependencyHealth', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs an outage once, however many requests it fails, and logs its end with the count', async () => {
    let up = false;
    const probe = { selectNoFrom: () => ({ execute: async () => (up ? [{ alive: 1 }] : Promise.reject(new Error('connect ECONNREFUSED'))) }) };
    const db = { kysely: () => probe } as unknown as Database;
    const health = new DependencyHealth(db, { ping: async () => true } as unknown as RedisClient);
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const logs = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);

    for (let i = 0; i < 50; i++) health.unavailable('PostgreSQL', new Error('connect ECONNREFUSED'));
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0][0]).toMatch(/^PostgreSQL is unavailable \(connect ECONNREFUSED\)/);
    expect(await health.reachable('PostgreSQL')).toBe(false);

    up = true;
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(logs).toHaveBeenCalledWith(
      expect.stringMatching(/^PostgreSQL is back after [\d.]+ s; 50 requests and jobs could not be served meanwhile$/),
    );

    health.unavailable('PostgreSQL', new Error('the database system is starting up'));
    expect(errors).toHaveBeenCalledTimes(2);
    health.onApplicationShutdown();
  });
});
