/**
 * History of builds and pipeline executions in `<state>/executions.db` (SQLite, WAL).
 *
 * Every state change is written when it happens (one short transaction each), so a crash loses at
 * most the change in flight and `codelocal executions` can show a run from another terminal while
 * it is going. WAL lets readers proceed during a write; busy_timeout makes a second writer (two
 * codelocal processes) wait for the lock instead of failing with SQLITE_BUSY.
 *
 * Secrets: callers pass masked data, and every text column and JSON string also goes through the
 * `redact` hook, so a value that slipped past the caller still never reaches the disk.
 * Times are epoch milliseconds.
 */
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { EnvironmentError } from '../errors.js';
import { MIGRATIONS } from './execution-schema.js';

export type BuildStatus = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'FAULT' | 'TIMED_OUT' | 'STOPPED';
/** codepipeline.md §5.3. */
export type PipelineExecutionStatus =
  'InProgress' | 'Stopped' | 'Stopping' | 'Succeeded' | 'Superseded' | 'Failed' | 'Cancelled';
export type ActionExecutionStatus = 'InProgress' | 'Abandoned' | 'Succeeded' | 'Failed';
/** Pending until someone decides; Expired when the 7-day (or configured) window passes. */
export type ApprovalStatus = 'Pending' | 'Approved' | 'Rejected' | 'Expired';

interface ProcessInfo {
  /** The process running it, to recognise runs orphaned by a crash. */
  pid: number;
  host: string;
}

export interface BuildRecord extends ProcessInfo {
  id: string;
  project: string;
  buildNumber?: number;
  status: BuildStatus;
  startTime: number;
  endTime?: number;
  logPath?: string;
  /** The Build JSON (what `--json` prints). */
  result?: unknown;
  /** Set when the build ran as a pipeline action. */
  pipelineExecutionId?: string;
}

export interface PipelineExecutionRecord extends ProcessInfo {
  id: string;
  pipeline: string;
  status: PipelineExecutionStatus;
  startTime: number;
  endTime?: number;
  statusSummary?: string;
  trigger?: unknown;
  variables?: unknown;
  result?: unknown;
  /** The pipeline declaration as run, so `executions show` explains an old run after the file changed. */
  definition?: unknown;
}

export interface ActionExecutionRecord {
  /** actionExecutionId. */
  id: string;
  executionId: string;
  stage: string;
  action: string;
  attempt: number;
  status: ActionExecutionStatus;
  startTime: number;
  endTime?: number;
  input?: unknown;
  output?: unknown;
  logPath?: string;
  /** E.g. the CodeBuild build id the action ran. */
  externalExecutionId?: string;
  summary?: string;
}

export interface ApprovalRecord {
  token: string;
  executionId: string;
  stage: string;
  action: string;
  status: ApprovalStatus;
  summary?: string;
  createdTime: number;
  decidedTime?: number;
  decidedBy?: string;
  expiresTime?: number;
}

type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
export type NewBuild = Optional<BuildRecord, 'status' | 'startTime' | 'pid' | 'host'>;
export type BuildPatch = Partial<Pick<BuildRecord, 'status' | 'endTime' | 'logPath' | 'result' | 'buildNumber'>>;
export type NewPipelineExecution = Optional<PipelineExecutionRecord, 'status' | 'startTime' | 'pid' | 'host'>;
export type PipelineExecutionPatch = Partial<
  Pick<PipelineExecutionRecord, 'status' | 'endTime' | 'statusSummary' | 'variables' | 'result'>
>;
export type NewActionExecution = Optional<ActionExecutionRecord, 'status' | 'startTime' | 'attempt'>;
export type ActionExecutionPatch = Partial<
  Pick<ActionExecutionRecord, 'status' | 'endTime' | 'input' | 'output' | 'logPath' | 'externalExecutionId' | 'summary'>
>;
export type NewApproval = Optional<ApprovalRecord, 'status' | 'createdTime'>;

export interface ListFilter {
  status?: string;
  limit?: number;
}

export interface OpenOptions {
  /** Applied to every stored text (summaries, JSON strings, object keys) before it is written. */
  redact?: (text: string) => string;
  /** How long a writer waits for another process's lock, ms (default 10 s). */
  busyTimeoutMs?: number;
}

type Row = Record<string, unknown>;

/** Deep-applies `redact` to strings (keys included) so JSON escaping cannot hide a secret from it. */
function redactDeep(value: unknown, redact: (s: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v, redact)]));
  }
  return value;
}

function parseJson(text: unknown): unknown {
  return typeof text === 'string' ? (JSON.parse(text) as unknown) : undefined;
}

function opt<T>(v: unknown): T | undefined {
  return v === null || v === undefined ? undefined : (v as T);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class ExecutionStore {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly redact: (s: string) => string;
  private readonly me: ProcessInfo = { pid: process.pid, host: hostname() };

  private constructor(path: string, db: Database.Database, redact: (s: string) => string) {
    this.path = path;
    this.db = db;
    this.redact = redact;
  }

  static open(path: string, options: OpenOptions = {}): ExecutionStore {
    let db: Database.Database;
    try {
      db = new Database(path, { timeout: options.busyTimeoutMs ?? 10_000 });
      db.pragma('journal_mode = WAL');
      // NORMAL is durable against process crashes in WAL mode; only an OS crash can drop the last commits.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
    } catch (e) {
      if (e instanceof EnvironmentError) throw e;
      throw new EnvironmentError('EXECUTION_DB_UNAVAILABLE', `cannot open ${path}: ${(e as Error).message}`, {
        details: ['delete the file to start a fresh history if it is corrupt'],
        cause: e,
      });
    }
    return new ExecutionStore(path, db, options.redact ?? ((s) => s));
  }

  close(): void {
    this.db.close();
  }

  private text(v: string | undefined): string | null {
    return v === undefined ? null : this.redact(v);
  }

  private json(v: unknown): string | null {
    return v === undefined ? null : JSON.stringify(redactDeep(v, this.redact));
  }

  /** Per-project build counter (CODEBUILD_BUILD_NUMBER); one statement, so atomic across processes. */
  nextBuildNumber(project: string): number {
    const row = this.db
      .prepare(
        `INSERT INTO build_numbers (project, last) VALUES (?, 1)
         ON CONFLICT(project) DO UPDATE SET last = last + 1 RETURNING last`,
      )
      .get(project) as { last: number };
    return row.last;
  }

  // ---- builds -------------------------------------------------------------------------------

  insertBuild(b: NewBuild): BuildRecord {
    const rec: BuildRecord = { status: 'IN_PROGRESS', startTime: Date.now(), ...this.me, ...b };
    this.db
      .prepare(
        `INSERT INTO builds (id, project, build_number, status, start_time, end_time, log_path, result_json, pid, host, pipeline_execution_id)
         VALUES (@id, @project, @buildNumber, @status, @startTime, @endTime, @logPath, @result, @pid, @host, @pipelineExecutionId)`,
      )
      .run({
        id: rec.id,
        project: rec.project,
        buildNumber: rec.buildNumber ?? null,
        status: rec.status,
        startTime: rec.startTime,
        endTime: rec.endTime ?? null,
        logPath: rec.logPath ?? null,
        result: this.json(rec.result),
        pid: rec.pid,
        host: rec.host,
        pipelineExecutionId: rec.pipelineExecutionId ?? null,
      });
    return rec;
  }

  updateBuild(id: string, patch: BuildPatch): void {
    this.update('builds', 'id', id, {
      status: patch.status,
      end_time: patch.endTime,
      log_path: patch.logPath,
      build_number: patch.buildNumber,
      result_json: patch.result === undefined ? undefined : this.json(patch.result),
    });
  }

  getBuild(id: string): BuildRecord | undefined {
    const row = this.db.prepare('SELECT * FROM builds WHERE id = ?').get(id) as Row | undefined;
    return row && toBuild(row);
  }

  /** Newest first. */
  listBuilds(filter: ListFilter & { project?: string } = {}): BuildRecord[] {
    return this.list('builds', { project: filter.project, status: filter.status }, filter.limit).map(toBuild);
  }

  // ---- pipeline executions ------------------------------------------------------------------

  insertPipelineExecution(e: NewPipelineExecution): PipelineExecutionRecord {
    const rec: PipelineExecutionRecord = { status: 'InProgress', startTime: Date.now(), ...this.me, ...e };
    this.db
      .prepare(
        `INSERT INTO pipeline_executions (id, pipeline, status, start_time, end_time, status_summary, trigger_json,
           variables_json, result_json, definition_json, pid, host)
         VALUES (@id, @pipeline, @status, @startTime, @endTime, @statusSummary, @trigger, @variables, @result, @definition, @pid, @host)`,
      )
      .run({
        id: rec.id,
        pipeline: rec.pipeline,
        status: rec.status,
        startTime: rec.startTime,
        endTime: rec.endTime ?? null,
        statusSummary: this.text(rec.statusSummary),
        trigger: this.json(rec.trigger),
        variables: this.json(rec.variables),
        result: this.json(rec.result),
        definition: this.json(rec.definition),
        pid: rec.pid,
        host: rec.host,
      });
    return rec;
  }

  updatePipelineExecution(id: string, patch: PipelineExecutionPatch): void {
    this.update('pipeline_executions', 'id', id, {
      status: patch.status,
      end_time: patch.endTime,
      status_summary: patch.statusSummary === undefined ? undefined : this.text(patch.statusSummary),
      variables_json: patch.variables === undefined ? undefined : this.json(patch.variables),
      result_json: patch.result === undefined ? undefined : this.json(patch.result),
    });
  }

  /**
   * A retry resumes an ended execution (same id) in this process: InProgress again, end time and
   * summary cleared, and this pid recorded so markOrphans judges the new runner, not the old one.
   */
  claimPipelineExecution(id: string): void {
    this.db
      .prepare(
        `UPDATE pipeline_executions SET status = 'InProgress', end_time = NULL, status_summary = NULL, pid = ?, host = ?
         WHERE id = ?`,
      )
      .run(this.me.pid, this.me.host, id);
  }

  getPipelineExecution(id: string): PipelineExecutionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM pipeline_executions WHERE id = ?').get(id) as Row | undefined;
    return row && toPipelineExecution(row);
  }

  listPipelineExecutions(filter: ListFilter & { pipeline?: string } = {}): PipelineExecutionRecord[] {
    return this.list('pipeline_executions', { pipeline: filter.pipeline, status: filter.status }, filter.limit).map(
      toPipelineExecution,
    );
  }

  // ---- action executions --------------------------------------------------------------------

  insertActionExecution(a: NewActionExecution): ActionExecutionRecord {
    const rec: ActionExecutionRecord = { status: 'InProgress', startTime: Date.now(), attempt: 1, ...a };
    this.db
      .prepare(
        `INSERT INTO action_executions (id, execution_id, stage, action, attempt, status, start_time, end_time,
           input_json, output_json, log_path, external_execution_id, summary)
         VALUES (@id, @executionId, @stage, @action, @attempt, @status, @startTime, @endTime, @input, @output, @logPath,
           @externalExecutionId, @summary)`,
      )
      .run({
        id: rec.id,
        executionId: rec.executionId,
        stage: rec.stage,
        action: rec.action,
        attempt: rec.attempt,
        status: rec.status,
        startTime: rec.startTime,
        endTime: rec.endTime ?? null,
        input: this.json(rec.input),
        output: this.json(rec.output),
        logPath: rec.logPath ?? null,
        externalExecutionId: rec.externalExecutionId ?? null,
        summary: this.text(rec.summary),
      });
    return rec;
  }

  updateActionExecution(id: string, patch: ActionExecutionPatch): void {
    this.update('action_executions', 'id', id, {
      status: patch.status,
      end_time: patch.endTime,
      input_json: patch.input === undefined ? undefined : this.json(patch.input),
      output_json: patch.output === undefined ? undefined : this.json(patch.output),
      log_path: patch.logPath,
      external_execution_id: patch.externalExecutionId,
      summary: patch.summary === undefined ? undefined : this.text(patch.summary),
    });
  }

  getActionExecution(id: string): ActionExecutionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM action_executions WHERE id = ?').get(id) as Row | undefined;
    return row && toActionExecution(row);
  }

  /** In the order they started. */
  listActionExecutions(executionId: string): ActionExecutionRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM action_executions WHERE execution_id = ? ORDER BY start_time, rowid')
      .all(executionId) as Row[];
    return rows.map(toActionExecution);
  }

  // ---- approvals ----------------------------------------------------------------------------

  createApproval(a: NewApproval): ApprovalRecord {
    const rec: ApprovalRecord = { status: 'Pending', createdTime: Date.now(), ...a };
    this.db
      .prepare(
        `INSERT INTO approvals (token, execution_id, stage, action, status, summary, created_time, decided_time, decided_by, expires_time)
         VALUES (@token, @executionId, @stage, @action, @status, @summary, @createdTime, @decidedTime, @decidedBy, @expiresTime)`,
      )
      .run({
        token: rec.token,
        executionId: rec.executionId,
        stage: rec.stage,
        action: rec.action,
        status: rec.status,
        summary: this.text(rec.summary),
        createdTime: rec.createdTime,
        decidedTime: rec.decidedTime ?? null,
        decidedBy: rec.decidedBy ?? null,
        expiresTime: rec.expiresTime ?? null,
      });
    return rec;
  }

  getApproval(token: string): ApprovalRecord | undefined {
    const row = this.db.prepare('SELECT * FROM approvals WHERE token = ?').get(token) as Row | undefined;
    return row && toApproval(row);
  }

  /**
   * Records a decision if the approval is still Pending; false when it was already decided or
   * expired (the first decision wins, whichever process makes it).
   */
  decideApproval(
    token: string,
    status: Exclude<ApprovalStatus, 'Pending'>,
    options: { summary?: string; by?: string } = {},
  ): boolean {
    const r = this.db
      .prepare(
        `UPDATE approvals SET status = ?, decided_time = ?, decided_by = ?, summary = COALESCE(?, summary)
         WHERE token = ? AND status = 'Pending'`,
      )
      .run(status, Date.now(), options.by ?? null, this.text(options.summary), token);
    return r.changes === 1;
  }

  listApprovals(filter: { executionId?: string; status?: ApprovalStatus } = {}): ApprovalRecord[] {
    const eq = Object.entries({ execution_id: filter.executionId, status: filter.status }).filter(([, v]) => v);
    const where = eq.length ? 'WHERE ' + eq.map(([c]) => `${c} = ?`).join(' AND ') : '';
    const sql = `SELECT * FROM approvals ${where} ORDER BY created_time, rowid`;
    return (this.db.prepare(sql).all(...eq.map(([, v]) => v)) as Row[]).map(toApproval);
  }

  // ---- housekeeping -------------------------------------------------------------------------

  /** Ids of `kind` starting with `prefix`, so the CLI accepts a short id like git does. */
  matchIds(kind: 'builds' | 'pipeline_executions', prefix: string, limit = 10): string[] {
    const rows = this.db
      .prepare(`SELECT id FROM ${kind} WHERE substr(id, 1, ?) = ? ORDER BY start_time DESC LIMIT ?`)
      .all(prefix.length, prefix, limit) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /**
   * Runs left InProgress by a process on this host that no longer exists (killed, crashed) are
   * closed: builds FAULT, pipeline executions Failed, their open actions Abandoned, pending
   * approvals Expired. A codelocal choice: AWS never sees its own agent vanish this way.
   */
  markOrphans(alive: (pid: number) => boolean = isAlive): { builds: number; pipelineExecutions: number } {
    const now = Date.now();
    const host = this.me.host;
    const tx = this.db.transaction(() => {
      const deadBuilds = (
        this.db.prepare(`SELECT id, pid FROM builds WHERE status = 'IN_PROGRESS' AND host = ?`).all(host) as {
          id: string;
          pid: number;
        }[]
      ).filter((r) => !alive(r.pid));
      for (const b of deadBuilds) {
        this.db.prepare(`UPDATE builds SET status = 'FAULT', end_time = ? WHERE id = ?`).run(now, b.id);
      }
      const deadRuns = (
        this.db
          .prepare(`SELECT id, pid FROM pipeline_executions WHERE status IN ('InProgress', 'Stopping') AND host = ?`)
          .all(host) as {
          id: string;
          pid: number;
        }[]
      ).filter((r) => !alive(r.pid));
      for (const r of deadRuns) {
        this.db
          .prepare(`UPDATE pipeline_executions SET status = 'Failed', end_time = ?, status_summary = ? WHERE id = ?`)
          .run(now, 'the codelocal process running this execution ended unexpectedly', r.id);
        this.db
          .prepare(
            `UPDATE action_executions SET status = 'Abandoned', end_time = ? WHERE execution_id = ? AND status = 'InProgress'`,
          )
          .run(now, r.id);
        this.db
          .prepare(`UPDATE approvals SET status = 'Expired' WHERE execution_id = ? AND status = 'Pending'`)
          .run(r.id);
      }
      return { builds: deadBuilds.length, pipelineExecutions: deadRuns.length };
    });
    return tx.immediate();
  }

  private update(table: string, keyCol: string, key: string, cols: Record<string, unknown>): void {
    const set = Object.entries(cols).filter(([, v]) => v !== undefined);
    if (set.length === 0) return;
    const sql = `UPDATE ${table} SET ${set.map(([c]) => `${c} = ?`).join(', ')} WHERE ${keyCol} = ?`;
    this.db.prepare(sql).run(...set.map(([, v]) => v), key);
  }

  private list(table: string, eq: Record<string, string | undefined>, limit = 50): Row[] {
    const where = Object.entries(eq).filter(([, v]) => v !== undefined);
    const sql =
      `SELECT * FROM ${table} ${where.length ? 'WHERE ' + where.map(([c]) => `${c} = ?`).join(' AND ') : ''} ` +
      'ORDER BY start_time DESC, rowid DESC LIMIT ?';
    return this.db.prepare(sql).all(...where.map(([, v]) => v), limit) as Row[];
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

function toBuild(r: Row): BuildRecord {
  return {
    id: r.id as string,
    project: r.project as string,
    buildNumber: opt<number>(r.build_number),
    status: r.status as BuildStatus,
    startTime: r.start_time as number,
    endTime: opt<number>(r.end_time),
    logPath: opt<string>(r.log_path),
    result: parseJson(r.result_json),
    pid: r.pid as number,
    host: r.host as string,
    pipelineExecutionId: opt<string>(r.pipeline_execution_id),
  };
}

function toPipelineExecution(r: Row): PipelineExecutionRecord {
  return {
    id: r.id as string,
    pipeline: r.pipeline as string,
    status: r.status as PipelineExecutionStatus,
    startTime: r.start_time as number,
    endTime: opt<number>(r.end_time),
    statusSummary: opt<string>(r.status_summary),
    trigger: parseJson(r.trigger_json),
    variables: parseJson(r.variables_json),
    result: parseJson(r.result_json),
    definition: parseJson(r.definition_json),
    pid: r.pid as number,
    host: r.host as string,
  };
}

function toActionExecution(r: Row): ActionExecutionRecord {
  return {
    id: r.id as string,
    executionId: r.execution_id as string,
    stage: r.stage as string,
    action: r.action as string,
    attempt: r.attempt as number,
    status: r.status as ActionExecutionStatus,
    startTime: r.start_time as number,
    endTime: opt<number>(r.end_time),
    input: parseJson(r.input_json),
    output: parseJson(r.output_json),
    logPath: opt<string>(r.log_path),
    externalExecutionId: opt<string>(r.external_execution_id),
    summary: opt<string>(r.summary),
  };
}

function toApproval(r: Row): ApprovalRecord {
  return {
    token: r.token as string,
    executionId: r.execution_id as string,
    stage: r.stage as string,
    action: r.action as string,
    status: r.status as ApprovalStatus,
    summary: opt<string>(r.summary),
    createdTime: r.created_time as number,
    decidedTime: opt<number>(r.decided_time),
    decidedBy: opt<string>(r.decided_by),
    expiresTime: opt<number>(r.expires_time),
  };
}
