import { databaseTrouble } from './unavailable';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('databaseTrouble', () => {
  it('calls a server that is away an outage', () => {
    expect(databaseTrouble(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe('outage');
    expect(databaseTrouble(withCode('57P01', 'terminating connection due to administrator command'))).toBe('outage');
    expect(databaseTrouble(withCode('57P03', 'the database system is starting up'))).toBe('outage');
    expect(databaseTrouble(withCode('53300', 'sorry, too many clients already'))).toBe('outage');
    expect(databaseTrouble(withCode('08006'))).toBe('outage');
    expect(databaseTrouble(new Error('Connection terminated unexpectedly'))).toBe('outage');
    expect(databaseTrouble(new Error('timeout exceeded when trying to connect'))).toBe('outage');
    expect(databaseTrouble(withCode('55000', 'database "x" is not currently accepting connections'))).toBe('outage');
  });

  it('finds the cause behind wrappers', () => {
    expect(databaseTrouble(new Error('wrapped', { cause: withCode('ECONNRESET') }))).toBe('outage');
    expect(databaseTrouble(Object.assign(new Error('orm'), { previous: withCode('57P02') }))).toBe('outage');
    expect(databaseTrouble(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]))).toBe('outage');
  });

  it('calls deadlocks and serialization failures contention', () => {
    expect(databaseTrouble(withCode('40P01', 'deadlock detected'))).toBe('contention');
    expect(databaseTrouble(withCode('40001', 'could not serialize access'))).toBe('contention');
  });

  it('leaves defects and refusals alone', () => {
    expect(databaseTrouble(withCode('23505', 'duplicate key value violates unique constraint'))).toBeNull();
    expect(databaseTrouble(withCode('42P01', 'relation "x" does not exist'))).toBeNull();
    expect(databaseTrouble(new TypeError('x is undefined'))).toBeNull();
    expect(databaseTrouble(undefined)).toBeNull();
  });
});
