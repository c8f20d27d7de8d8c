/**
 * Tells a database that is away (down, restarting, unreachable, out of connections) or briefly in
 * the way (a deadlock) from a defect. Both are answered 503 with Retry-After: nothing was done and
 * the same request will work shortly. The ledger writer fails a batch fast on an outage, while it
 * retries contention one operation at a time like any other batch failure.
 */
export type DatabaseTrouble = 'outage' | 'contention';

/** SQLSTATEs of a server going away or refusing connections: class 08 and admin/crash shutdown, starting up, too many connections. */
const OUTAGE_STATES = /^(08...|57P0[1-4]|53300|53400)$/;
/** Serialization failures, deadlocks and lock timeouts: the same work succeeds when tried again. */
const CONTENTION_STATES = new Set(['40001', '40P01', '55P03']);
/** Socket errors from the driver's connection to the server. */
const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
/** What node-postgres and its pool say when the connection is gone, or none can be had in time. */
const OUTAGE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|is not currently accepting connections|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|terminating connection/i;

export function databaseTrouble(error: unknown): DatabaseTrouble | null {
  for (const cause of causes(error)) {
    const code = typeof cause.code === 'string' ? cause.code : undefined;
    if (code && CONTENTION_STATES.has(code)) return 'contention';
    if (code && (OUTAGE_STATES.test(code) || NETWORK_ERRORS.has(code))) return 'outage';
    if (typeof cause.message === 'string' && OUTAGE_MESSAGES.test(cause.message)) return 'outage';
  }
  return null;
}

/** The error and what it wraps (MikroORM's `cause`/`previous`, Node's AggregateError of both address families). */
function causes(error: unknown, depth = 0): { code?: unknown; message?: unknown }[] {
  if (!error || typeof error !== 'object' || depth > 4) return [];
  const found = error as { code?: unknown; message?: unknown; cause?: unknown; previous?: unknown; errors?: unknown };
  const nested = [found.cause, found.previous, ...(Array.isArray(found.errors) ? found.errors : [])];
  return [found, ...nested.flatMap((inner) => causes(inner, depth + 1))];
}
