import { p } from '@mikro-orm/core';

/**
 * `created_at timestamptz not null default now()` for an entity the Unit of Work creates: the
 * database fills it, and so does MikroORM on create, so a new entity has it without a reload.
 */
export const createdAtColumn = () =>
  p
    .datetime()
    .defaultRaw('now()')
    .onCreate(() => new Date());

/** `updated_at`: the same as `createdAtColumn`, and renewed by the Unit of Work on every update. */
export const updatedAtColumn = () => createdAtColumn().onUpdate(() => new Date());
