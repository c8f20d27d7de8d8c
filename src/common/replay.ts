import type { FastifyReply } from 'fastify';

/** Marks a response that repeats the first one for the same idempotency key or natural key. */
export function markReplay<T>(reply: FastifyReply, result: { body: T; replayed: boolean }): T {
  if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
  return result.body;
}

const REPLAYED = Symbol('replayed');

/**
 * Marks an error that repeats the first answer to the same key (a declined top-up asked again):
 * the error filter adds `Idempotent-Replayed: true` to it, as to any replayed success.
 */
export function replayedError<E extends Error>(error: E, replayed = true): E {
  if (replayed) Object.defineProperty(error, REPLAYED, { value: true });
  return error;
}

export function isReplayedError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { [REPLAYED]?: boolean })[REPLAYED] === true;
}
