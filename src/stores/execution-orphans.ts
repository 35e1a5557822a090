/**
 * Closing runs orphaned by a crash: a run left InProgress by a process on this host that no longer exists.
 * Apart from the store because it is the one operation that reasons about processes, not records.
 */
import type Database from 'better-sqlite3';

export interface OrphanCounts {
  builds: number;
  pipelineExecutions: number;
}

/**
 * Runs left InProgress by a process on this host that no longer exists (killed, crashed) are
 * closed: builds FAULT, pipeline executions Failed, their open actions Abandoned, pending
 * approvals Expired. A codelocal choice: AWS never sees its own agent vanish this way.
 */
export function markOrphanedRuns(
  db: Database.Database,
  host: string,
  alive: (pid: number) => boolean = isAlive,
): OrphanCounts {
  const now = Date.now();
  const tx = db.transaction(() => {
    const deadBuilds = (
      db.prepare(`SELECT id, pid FROM builds WHERE status = 'IN_PROGRESS' AND host = ?`).all(host) as {
        id: string;
        pid: number;
      }[]
    ).filter((r) => !alive(r.pid));
    for (const b of deadBuilds) {
      db.prepare(`UPDATE builds SET status = 'FAULT', end_time = ? WHERE id = ?`).run(now, b.id);
    }
    const deadRuns = (
      db
        .prepare(`SELECT id, pid FROM pipeline_executions WHERE status IN ('InProgress', 'Stopping') AND host = ?`)
        .all(host) as {
        id: string;
        pid: number;
      }[]
    ).filter((r) => !alive(r.pid));
    for (const r of deadRuns) {
      db.prepare(`UPDATE pipeline_executions SET status = 'Failed', end_time = ?, status_summary = ? WHERE id = ?`).run(
        now,
        'the codelocal process running this execution ended unexpectedly',
        r.id,
      );
      db.prepare(
        `UPDATE action_executions SET status = 'Abandoned', end_time = ? WHERE execution_id = ? AND status = 'InProgress'`,
      ).run(now, r.id);
      db.prepare(`UPDATE approvals SET status = 'Expired' WHERE execution_id = ? AND status = 'Pending'`).run(r.id);
    }
    return { builds: deadBuilds.length, pipelineExecutions: deadRuns.length };
  });
  return tx.immediate();
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
