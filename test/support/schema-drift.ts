import type { DataSource, QueryRunner } from 'typeorm';

/**
 * The statements that would bring the database to the entities (none when there is no drift).
 * TypeORM's schema reader looks up enum types for many columns at once on its one connection, which
 * pg deprecates ("client.query() when the client is already executing a query"); here the reader's
 * queries run one after another.
 */
export async function schemaDrift(ds: DataSource): Promise<string[]> {
  const create = ds.createQueryRunner.bind(ds);
  ds.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>): QueryRunner => {
    const runner = create(...args);
    const query = runner.query.bind(runner);
    let tail: Promise<unknown> = Promise.resolve();
    runner.query = ((...q: Parameters<QueryRunner['query']>) => {
      const run = tail.then(() => query(...q));
      tail = run.catch(() => undefined);
      return run;
    }) as QueryRunner['query'];
    return runner;
  };
  try {
    const pending = await ds.driver.createSchemaBuilder().log();
    return pending.upQueries.map((q) => q.query);
  } finally {
    ds.createQueryRunner = create;
  }
}
