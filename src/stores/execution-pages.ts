/**
 * One page of the whole history (pipeline executions and standalone builds, newest first) for the web
 * view (`codelocal ui`): the paging, filters and total count are done by SQLite, so a page costs the same
 * with 50 rows or 5,000 (the indexes on start_time serve the ORDER BY).
 */
import type Database from 'better-sqlite3';

export interface RunPageFilter {
  /** Pipeline name or build project. */
  name?: string;
  /** Compared without case and underscores, so `InProgress` also finds a build's `IN_PROGRESS`. */
  status?: string;
  kind?: 'pipeline' | 'build';
  offset?: number;
  limit?: number;
}

export interface RunRow {
  kind: 'pipeline' | 'build';
  id: string;
  name: string;
  status: string;
  startTime: number;
  endTime?: number;
  statusSummary?: string;
  trigger?: unknown;
  /** The first source revision (pipelines) or the resolved source version (builds). */
  revision?: string;
}

export interface RunPage {
  rows: RunRow[];
  total: number;
  /** Every pipeline and project name, for the filter's choices. */
  names: string[];
}

// The JSON columns are read only for the rows of the page (the outer SELECT), never for the whole history.
const UNION = `
  SELECT 'pipeline' AS kind, id, pipeline AS name, status, start_time, end_time, rowid AS r
  FROM pipeline_executions
  UNION ALL
  SELECT 'build', id, project, status, start_time, end_time, rowid
  FROM builds WHERE pipeline_execution_id IS NULL`;

const PAGE_COLUMNS = `kind, id, name, status, start_time, end_time,
  CASE kind WHEN 'pipeline' THEN (SELECT status_summary FROM pipeline_executions p WHERE p.id = u.id) END AS status_summary,
  CASE kind WHEN 'pipeline' THEN (SELECT trigger_json FROM pipeline_executions p WHERE p.id = u.id) END AS trigger_json,
  CASE kind
    WHEN 'pipeline' THEN (SELECT json_extract(result_json, '$.artifactRevisions[0].revisionId') FROM pipeline_executions p WHERE p.id = u.id)
    ELSE (SELECT json_extract(result_json, '$.resolvedSourceVersion') FROM builds b WHERE b.id = u.id)
  END AS revision`;

interface Raw {
  kind: 'pipeline' | 'build';
  id: string;
  name: string;
  status: string;
  start_time: number;
  end_time: number | null;
  status_summary: string | null;
  trigger_json: string | null;
  revision: string | null;
}

export function pageRuns(db: Database.Database, f: RunPageFilter = {}): RunPage {
  const where: string[] = [];
  const args: unknown[] = [];
  const eq = (column: string, value: string | undefined) => {
    if (!value) return;
    where.push(`${column} = ?`);
    args.push(value);
  };
  eq('name', f.name);
  eq('kind', f.kind);
  if (f.status) {
    where.push("lower(replace(status, '_', '')) = ?");
    args.push(f.status.replace(/_/g, '').toLowerCase());
  }
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 500);
  const offset = Math.max(f.offset ?? 0, 0);
  const raw = db
    .prepare(
      `SELECT ${PAGE_COLUMNS} FROM (SELECT * FROM (${UNION}) ${cond} ORDER BY start_time DESC, r DESC LIMIT ? OFFSET ?) u
       ORDER BY start_time DESC, r DESC`,
    )
    .all(...args, limit, offset) as Raw[];
  const total = (db.prepare(`SELECT count(*) AS n FROM (${UNION}) ${cond}`).get(...args) as { n: number }).n;
  const names = (db.prepare(`SELECT DISTINCT name FROM (${UNION}) ORDER BY name`).all() as { name: string }[]).map(
    (r) => r.name,
  );
  return {
    rows: raw.map((x) => ({
      kind: x.kind,
      id: x.id,
      name: x.name,
      status: x.status,
      startTime: x.start_time,
      ...(x.end_time !== null ? { endTime: x.end_time } : {}),
      ...(x.status_summary ? { statusSummary: x.status_summary } : {}),
      ...(x.trigger_json ? { trigger: JSON.parse(x.trigger_json) as unknown } : {}),
      ...(x.revision ? { revision: x.revision } : {}),
    })),
    total,
    names,
  };
}
