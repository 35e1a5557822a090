/**
 * Schema of executions.db, as migrations: MIGRATIONS[n] takes `PRAGMA user_version` from n to n+1.
 * Append only; never edit a shipped entry (existing files have already run it).
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE builds (
    id TEXT PRIMARY KEY,
    project TEXT NOT NULL,
    build_number INTEGER,
    status TEXT NOT NULL,
    start_time INTEGER NOT NULL,
    end_time INTEGER,
    log_path TEXT,
    result_json TEXT,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    pipeline_execution_id TEXT
  );
  CREATE INDEX builds_by_project ON builds (project, start_time DESC);
  CREATE INDEX builds_by_start ON builds (start_time DESC);

  CREATE TABLE build_numbers (
    project TEXT PRIMARY KEY,
    last INTEGER NOT NULL
  );

  CREATE TABLE pipeline_executions (
    id TEXT PRIMARY KEY,
    pipeline TEXT NOT NULL,
    status TEXT NOT NULL,
    start_time INTEGER NOT NULL,
    end_time INTEGER,
    status_summary TEXT,
    trigger_json TEXT,
    variables_json TEXT,
    result_json TEXT,
    definition_json TEXT,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL
  );
  CREATE INDEX pipeline_executions_by_pipeline ON pipeline_executions (pipeline, start_time DESC);
  CREATE INDEX pipeline_executions_by_start ON pipeline_executions (start_time DESC);

  CREATE TABLE action_executions (
    id TEXT PRIMARY KEY,
    execution_id TEXT NOT NULL REFERENCES pipeline_executions (id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    action TEXT NOT NULL,
    attempt INTEGER NOT NULL DEFAULT 1,
    status TEXT NOT NULL,
    start_time INTEGER NOT NULL,
    end_time INTEGER,
    input_json TEXT,
    output_json TEXT,
    log_path TEXT,
    external_execution_id TEXT,
    summary TEXT,
    UNIQUE (execution_id, stage, action, attempt)
  );
  CREATE INDEX action_executions_by_execution ON action_executions (execution_id, start_time);

  CREATE TABLE approvals (
    token TEXT PRIMARY KEY,
    execution_id TEXT NOT NULL REFERENCES pipeline_executions (id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    action TEXT NOT NULL,
    status TEXT NOT NULL,
    summary TEXT,
    created_time INTEGER NOT NULL,
    decided_time INTEGER,
    decided_by TEXT,
    expires_time INTEGER
  );
  CREATE INDEX approvals_by_execution ON approvals (execution_id);
  `,
];
