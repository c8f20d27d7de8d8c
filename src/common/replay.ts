import type { FastifyReply } from 'fastify';

/** Marks a response that repeats the first one for the same idempotency key or natural key. */
export function markReplay<T>(reply: FastifyReply, result: { body: T; replayed: boolean }): T {
  if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
  return result.body;
}
