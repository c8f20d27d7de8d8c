import type { InferKyselyDB } from '@mikro-orm/sql';

/**
 * The row types of a module's tables, derived from its entities (`defineEntity` schemas): a
 * repository asks `Database.kysely<Tables<typeof ASchema | typeof BSchema>>()` for a query
 * builder that knows those tables' columns and value types and no others.
 */
export type Tables<Schemas extends { name: string }> = InferKyselyDB<Schemas>;
