import { type EntitySchema, defineEntity, p } from '@mikro-orm/core';
import { MikroORM, defineConfig } from '@mikro-orm/postgresql';
import { type Column, DatabaseSchema, type IndexDef, SchemaComparator } from '@mikro-orm/sql';
import { ormOptions } from '../../src/database/orm.config';

/** MikroORM's own record of the migrations it applied: not an application table. */
const MIGRATIONS_TABLE = 'mikro_orm_migrations';

/**
 * The entities are the one definition of every table's columns (the typed queries take their row
 * types from them), and the migrations are what the database really has: this proves the two agree.
 * It runs on the run's database, migrated by the project's own migrations.
 */
describe('The entities match the migrated schema', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await MikroORM.init(ormOptions({ database: { url: ownerUrl(), poolSize: 2 } }));
  });
  afterAll(() => orm.close(true));

  it("finds no difference in any entity's columns or primary key", async () => {
    const differences = await columnDifferences(orm);
    expect(differences).toEqual([]);
  });

  it('has an entity for every table in the database', async () => {
    const mapped = new Set([...orm.getMetadata().getAll().values()].map((meta) => meta.tableName));
    const tables = await orm.em
      .getConnection()
      .execute<{ table_name: string }[]>(
        `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
      );
    const withoutEntity = tables.map((t) => t.table_name).filter((name) => name !== MIGRATIONS_TABLE && !mapped.has(name));
    // A table a later migration creates needs its entity in the same change.
    expect(withoutEntity).toEqual([]);
  });

  it("fails on a column whose name, type, nullability or default differs from the database's", async () => {
    // scheduler_runs is (name text, tick bigint, ran_at timestamptz not null default now()),
    // primary key (name, tick). This definition gets each of those wrong once.
    const WrongSchedulerRun = defineEntity({
      name: 'WrongSchedulerRun',
      tableName: 'scheduler_runs',
      properties: {
        name: p.text().primary(),
        tick: p.integer(),
        ranAt: p.datetime().nullable().defaultRaw('now()'),
        startedAt: p.datetime().defaultRaw('now()'),
      },
    });
    expect(await differencesOf(WrongSchedulerRun)).toEqual([
      'scheduler_runs: column started_at is in the entity but not in the database',
      'scheduler_runs: column tick differs (type)',
      'scheduler_runs: column ran_at differs (nullable)',
      'scheduler_runs: primary key is (name, tick) in the database but (name) in the entity',
    ]);

    const WithoutDefault = defineEntity({
      name: 'WithoutDefault',
      tableName: 'scheduler_runs',
      properties: { name: p.text().primary(), tick: p.bigint().primary(), ranAt: p.datetime() },
    });
    expect(await differencesOf(WithoutDefault)).toEqual(['scheduler_runs: column ran_at differs (default)']);
  });
});

/** The differences the check finds for one entity alone. */
async function differencesOf(entity: EntitySchema): Promise<string[]> {
  const orm = await MikroORM.init(defineConfig({ clientUrl: ownerUrl(), entities: [entity], pool: { min: 0, max: 1 }, allowGlobalContext: false }));
  try {
    return await columnDifferences(orm);
  } finally {
    await orm.close(true);
  }
}

function ownerUrl(): string {
  const url = process.env.DATABASE_MIGRATION_URL;
  if (!url) throw new Error('DATABASE_MIGRATION_URL is set by the e2e global setup');
  return url;
}

/**
 * MikroORM's schema diff between the database and the entities, limited to what the entities
 * declare: each table's columns (name, type, nullability, default, identity) and primary key.
 * Indexes, foreign keys, check constraints, triggers and functions are the migrations' alone
 * (partial and expression indexes, append-only triggers, the wallet-version triggers): entities do
 * not repeat them, so their absence from the entities is not a difference.
 */
async function columnDifferences(orm: MikroORM): Promise<string[]> {
  const target = orm.schema.getTargetSchema();
  const entityTables = target.getTables().map((table) => table.name);
  const database = await DatabaseSchema.create(
    orm.em.getConnection(),
    orm.em.getPlatform(),
    orm.config,
    undefined,
    target.getNamespaces(),
    entityTables,
  );
  const diff = new SchemaComparator(orm.em.getPlatform()).compare(database, target);
  const problems: string[] = [];
  for (const table of Object.values(diff.newTables)) problems.push(`${table.name}: the entity's table is not in the database`);
  for (const table of Object.values(diff.changedTables)) {
    const name = table.toTable.name;
    const columns = (kind: string, found: Record<string, Column>) =>
      Object.keys(found).forEach((column) => problems.push(`${name}: column ${column} ${kind}`));
    columns('is in the entity but not in the database', table.addedColumns);
    columns('is in the database but not in the entity', table.removedColumns);
    for (const [from, to] of Object.entries(table.renamedColumns)) problems.push(`${name}: column ${from} is named ${to.name} in the entity`);
    for (const [column, change] of Object.entries(table.changedColumns)) {
      problems.push(`${name}: column ${column} differs (${[...change.changedProperties].join(', ')})`);
    }
    const databaseKey = primaryKey(table.fromTable.getPrimaryKey());
    const entityKey = primaryKey(table.toTable.getPrimaryKey());
    if (databaseKey !== entityKey) problems.push(`${name}: primary key is (${databaseKey}) in the database but (${entityKey}) in the entity`);
  }
  return problems;
}

function primaryKey(index: IndexDef | undefined): string {
  return index?.columnNames.join(', ') ?? '';
}
