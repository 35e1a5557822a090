/**
 * Opening the history database file: WAL, busy timeout and the schema migrations, with the errors a user
 * can act on. Apart from the store so the store reads as the list of history operations.
 */
import Database from 'better-sqlite3';
import { EnvironmentError } from '../errors.js';
import type { OpenOptions } from './execution-records.js';
import { MIGRATIONS } from './execution-schema.js';

/** The database at `path`, migrated to this codelocal's schema. */
export function openExecutionDb(path: string, options: OpenOptions): Database.Database {
  try {
    const db = new Database(path, { timeout: options.busyTimeoutMs ?? 10_000 });
    db.pragma('journal_mode = WAL');
    // NORMAL is durable against process crashes in WAL mode; only an OS crash can drop the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (e) {
    if (e instanceof EnvironmentError) throw e;
    throw new EnvironmentError('EXECUTION_DB_UNAVAILABLE', `cannot open ${path}: ${(e as Error).message}`, {
      details: ['delete the file to start a fresh history if it is corrupt'],
      cause: e,
    });
  }
}

/** Applies pending migrations inside one IMMEDIATE transaction so two processes opening a fresh file agree. */
function migrate(db: Database.Database): void {
  const tx = db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new EnvironmentError(
        'EXECUTION_DB_TOO_NEW',
        `${db.name} was written by a newer codelocal (schema ${current}, this one knows ${MIGRATIONS.length})`,
      );
    }
    for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    if (current < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  });
  tx.immediate();
}
