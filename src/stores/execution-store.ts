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
import type Database from 'better-sqlite3';
import { openExecutionDb } from './execution-db.js';
import { isAlive, markOrphanedRuns, type OrphanCounts } from './execution-orphans.js';
import type {
  ActionExecutionPatch,
  ActionExecutionRecord,
  ApprovalRecord,
  ApprovalStatus,
  BuildPatch,
  BuildRecord,
  ListFilter,
  NewActionExecution,
  NewApproval,
  NewBuild,
  NewPipelineExecution,
  OpenOptions,
  PipelineExecutionPatch,
  PipelineExecutionRecord,
  ProcessInfo,
} from './execution-records.js';
import { pageRuns, type RunPage, type RunPageFilter } from './execution-pages.js';
import { redactDeep, toActionExecution, toApproval, toBuild, toPipelineExecution, type Row } from './execution-rows.js';

// The records live in their own file; importers keep reading them from here.
export type * from './execution-records.js';

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
    return new ExecutionStore(path, openExecutionDb(path, options), options.redact ?? ((s) => s));
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

  /** One page of pipeline executions and standalone builds together, newest first (the web view). */
  pageRuns(filter: RunPageFilter = {}): RunPage {
    return pageRuns(this.db, filter);
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
  markOrphans(alive: (pid: number) => boolean = isAlive): OrphanCounts {
    return markOrphanedRuns(this.db, this.me.host, alive);
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
