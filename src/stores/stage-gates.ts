/**
 * Stage locks, waiting executions and inbound transitions, shared by every codelocal process using
 * one state folder (two `pipeline run`s, `watch`): the execution modes of docs/aws/codepipeline.md
 * §12.1–§12.3 and the transitions of §12.4 need one place that all of them see, and the history
 * database already is that place. Each decision is one `BEGIN IMMEDIATE` transaction, so two
 * processes never both take a stage; a lock or a wait left by a process that died (same host, pid
 * gone) or by an execution that is no longer running is swept first, so a crash never blocks a
 * stage forever.
 *
 * The tables are created here with IF NOT EXISTS instead of a numbered migration: they hold only
 * live coordination state (nothing to keep across versions), and this keeps the history schema's
 * numbering free for the records themselves.
 */
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { EnvironmentError } from '../errors.js';
import { isAlive } from './execution-orphans.js';

export type ExecutionMode = 'SUPERSEDED' | 'QUEUED' | 'PARALLEL';

/** One execution in front of one stage. */
export interface GateRequest {
  pipeline: string;
  stage: string;
  executionId: string;
  /** When the execution started (epoch ms): "more recent" in SUPERSEDED mode means started later. */
  startedAt: number;
  mode: ExecutionMode;
}

export type GateAnswer =
  | { answer: 'enter' }
  | { answer: 'wait'; reason: 'transition' | 'locked' | 'queued'; holder?: string }
  | { answer: 'superseded'; by: string };

export interface TransitionState {
  pipeline: string;
  stage: string;
  enabled: boolean;
  disabledReason?: string;
  lastChangedBy?: string;
  lastChangedAt?: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS stage_locks (
    pipeline TEXT NOT NULL, stage TEXT NOT NULL, execution_id TEXT NOT NULL,
    pid INTEGER NOT NULL, host TEXT NOT NULL, since INTEGER NOT NULL,
    PRIMARY KEY (pipeline, stage)
  );
  CREATE TABLE IF NOT EXISTS stage_waiters (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    pipeline TEXT NOT NULL, stage TEXT NOT NULL, execution_id TEXT NOT NULL, started_at INTEGER NOT NULL,
    pid INTEGER NOT NULL, host TEXT NOT NULL, superseded_by TEXT,
    UNIQUE (pipeline, stage, execution_id)
  );
  CREATE TABLE IF NOT EXISTS stage_transitions (
    pipeline TEXT NOT NULL, stage TEXT NOT NULL, enabled INTEGER NOT NULL, reason TEXT,
    changed_by TEXT, changed_at INTEGER NOT NULL,
    PRIMARY KEY (pipeline, stage)
  );
`;

interface Owner {
  execution_id: string;
  pid: number;
  host: string;
}

interface Waiter extends Owner {
  seq: number;
  started_at: number;
  superseded_by: string | null;
}

export class StageGateStore {
  private readonly db: Database.Database;
  private readonly me = { pid: process.pid, host: hostname() };
  private readonly alive: (pid: number) => boolean;

  private constructor(db: Database.Database, alive: (pid: number) => boolean) {
    this.db = db;
    this.alive = alive;
  }

  /** Opens the coordination tables in the history database at `path` (executions.db). */
  static open(path: string, alive: (pid: number) => boolean = isAlive): StageGateStore {
    try {
      const db = new Database(path, { timeout: 10_000 });
      db.pragma('journal_mode = WAL');
      db.transaction(() => db.exec(SCHEMA)).immediate();
      return new StageGateStore(db, alive);
    } catch (e) {
      throw new EnvironmentError('EXECUTION_DB_UNAVAILABLE', `cannot open ${path}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }

  close(): void {
    this.db.close();
  }

  /** A holder or waiter that can no longer move: its process died, or its execution is no longer running. */
  private gone(o: Owner): boolean {
    if (o.host === this.me.host && !this.alive(o.pid)) return true;
    let row: { status: string } | undefined;
    try {
      row = this.db.prepare(`SELECT status FROM pipeline_executions WHERE id = ?`).get(o.execution_id) as typeof row;
    } catch {
      // A database without the history tables: only the pid tells.
      return false;
    }
    // An execution the history does not know (a bare engine test) counts as running.
    return row !== undefined && row.status !== 'InProgress' && row.status !== 'Stopping';
  }

  private sweep(pipeline: string, stage: string): void {
    const lock = this.db.prepare(`SELECT * FROM stage_locks WHERE pipeline = ? AND stage = ?`).get(pipeline, stage) as
      Owner | undefined;
    if (lock && this.gone(lock)) {
      this.db.prepare(`DELETE FROM stage_locks WHERE pipeline = ? AND stage = ?`).run(pipeline, stage);
    }
    for (const w of this.waiters(pipeline, stage)) {
      if (this.gone(w)) this.db.prepare(`DELETE FROM stage_waiters WHERE seq = ?`).run(w.seq);
    }
  }

  private waiters(pipeline: string, stage: string): Waiter[] {
    return this.db
      .prepare(`SELECT * FROM stage_waiters WHERE pipeline = ? AND stage = ? ORDER BY seq`)
      .all(pipeline, stage) as Waiter[];
  }

  /**
   * One look at the gate in front of a stage (§12.1–§12.4): registers the execution as waiting
   * there, then either lets it in (taking the stage's lock unless PARALLEL), keeps it waiting, or
   * tells it a more recent execution overtook it (SUPERSEDED).
   */
  tryEnter(r: GateRequest): GateAnswer {
    const tx = this.db.transaction((): GateAnswer => {
      this.sweep(r.pipeline, r.stage);
      this.db
        .prepare(
          `INSERT OR IGNORE INTO stage_waiters (pipeline, stage, execution_id, started_at, pid, host)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(r.pipeline, r.stage, r.executionId, r.startedAt, this.me.pid, this.me.host);
      const mine = this.waiters(r.pipeline, r.stage).find((w) => w.execution_id === r.executionId)!;
      if (mine.superseded_by !== null) {
        this.db.prepare(`DELETE FROM stage_waiters WHERE seq = ?`).run(mine.seq);
        return { answer: 'superseded', by: mine.superseded_by };
      }
      if (r.mode === 'SUPERSEDED') {
        // The newcomer overtakes every older execution waiting here (they end Superseded, §12.1).
        this.db
          .prepare(
            `UPDATE stage_waiters SET superseded_by = ? WHERE pipeline = ? AND stage = ? AND execution_id <> ?
             AND superseded_by IS NULL AND started_at <= ?`,
          )
          .run(r.executionId, r.pipeline, r.stage, r.executionId, r.startedAt);
      }
      const waiting = this.waiters(r.pipeline, r.stage).filter((w) => w.superseded_by === null);
      if (!this.transition(r.pipeline, r.stage).enabled) return { answer: 'wait', reason: 'transition' };
      if (r.mode !== 'PARALLEL') {
        const lock = this.holder(r.pipeline, r.stage);
        if (lock && lock !== r.executionId) return { answer: 'wait', reason: 'locked', holder: lock };
        if (r.mode === 'QUEUED' && waiting[0] && waiting[0].seq !== mine.seq) {
          return { answer: 'wait', reason: 'queued', holder: waiting[0]!.execution_id };
        }
        this.db
          .prepare(
            `INSERT OR REPLACE INTO stage_locks (pipeline, stage, execution_id, pid, host, since) VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .run(r.pipeline, r.stage, r.executionId, this.me.pid, this.me.host, Date.now());
      }
      this.db.prepare(`DELETE FROM stage_waiters WHERE seq = ?`).run(mine.seq);
      return { answer: 'enter' };
    });
    return tx.immediate();
  }

  /** Gives up waiting (stopped while in front of a stage). */
  withdraw(pipeline: string, stage: string, executionId: string): void {
    this.db
      .prepare(`DELETE FROM stage_waiters WHERE pipeline = ? AND stage = ? AND execution_id = ?`)
      .run(pipeline, stage, executionId);
  }

  /** Releases the stage's lock if this execution holds it ("a failure releases the lock", §12.1). */
  leave(pipeline: string, stage: string, executionId: string): void {
    this.db
      .prepare(`DELETE FROM stage_locks WHERE pipeline = ? AND stage = ? AND execution_id = ?`)
      .run(pipeline, stage, executionId);
  }

  /** The execution holding the stage, if any. */
  holder(pipeline: string, stage: string): string | undefined {
    const row = this.db
      .prepare(`SELECT execution_id FROM stage_locks WHERE pipeline = ? AND stage = ?`)
      .get(pipeline, stage) as { execution_id: string } | undefined;
    return row?.execution_id;
  }

  /** Executions waiting in front of the stage, oldest arrival first. */
  waiting(pipeline: string, stage: string): string[] {
    return this.waiters(pipeline, stage).map((w) => w.execution_id);
  }

  // ---- inbound transitions (§12.4) --------------------------------------------------------------

  setTransition(pipeline: string, stage: string, enabled: boolean, reason?: string, by?: string): TransitionState {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO stage_transitions (pipeline, stage, enabled, reason, changed_by, changed_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(pipeline, stage, enabled ? 1 : 0, enabled ? null : (reason ?? null), by ?? null, Date.now());
    return this.transition(pipeline, stage);
  }

  /** Enabled unless someone disabled it (every inbound transition starts enabled). */
  transition(pipeline: string, stage: string): TransitionState {
    const row = this.db
      .prepare(`SELECT * FROM stage_transitions WHERE pipeline = ? AND stage = ?`)
      .get(pipeline, stage) as
      { enabled: number; reason: string | null; changed_by: string | null; changed_at: number } | undefined;
    if (!row) return { pipeline, stage, enabled: true };
    return {
      pipeline,
      stage,
      enabled: row.enabled === 1,
      ...(row.reason ? { disabledReason: row.reason } : {}),
      ...(row.changed_by ? { lastChangedBy: row.changed_by } : {}),
      lastChangedAt: row.changed_at,
    };
  }

  /** Disables the transition unless its state was ever set (CloudFormation's initial state, §12.4). */
  initTransition(pipeline: string, stage: string, reason: string): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO stage_transitions (pipeline, stage, enabled, reason, changed_by, changed_at)
         VALUES (?, ?, 0, ?, 'CloudFormation', ?)`,
      )
      .run(pipeline, stage, reason || null, Date.now());
  }

  listTransitions(pipeline: string): TransitionState[] {
    const rows = this.db.prepare(`SELECT stage FROM stage_transitions WHERE pipeline = ?`).all(pipeline) as {
      stage: string;
    }[];
    return rows.map((r) => this.transition(pipeline, r.stage));
  }
}
