/**
 * `runCheck`, the public operation behind `codelocal check`: lint's discovery and lint, then per item
 * the plan `build --dry-run` / `pipeline plan` make, then with `run` the builds. `--changed-since`
 * and `--shard` narrow the items before anything is planned or run, in that order, so every CI
 * machine of a matrix computes the same split of the same selection.
 */
import { resolve } from 'node:path';
import { lint, type Finding } from '../../lint/index.js';
import { withRuntime } from '../runtime-session.js';
import { changedFiles, isAffected } from './changed.js';
import { inventory } from './inventory.js';
import { checkStatically } from './plan-items.js';
import { runBuilds } from './run-items.js';
import { pickShard } from './shard.js';
import type { CheckItem, CheckItemResult, CheckOptions, CheckResult, CheckStatus } from './types.js';

function findingsByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) out.set(f.file, [...(out.get(f.file) ?? []), f]);
  return out;
}

function select(items: CheckItem[], options: CheckOptions, cwd: string): CheckItem[] {
  let picked = items;
  if (options.changedSince !== undefined) {
    const changed = changedFiles(cwd, options.changedSince);
    picked = picked.filter((i) => isAffected(i, changed, cwd));
  }
  return pickShard(picked, (i) => i.file, options.shard);
}

function skip(r: CheckItemResult, why: string): void {
  r.status = 'skipped';
  r.skipped = why;
}

export async function runCheck(options: CheckOptions = {}): Promise<CheckResult> {
  const started = Date.now();
  const cwd = resolve(options.cwd ?? process.cwd());
  const lintResult = lint({ paths: options.paths, cwd });
  const all = inventory(lintResult, cwd);
  const items = select(all, options, cwd);
  const byFile = findingsByFile(lintResult.findings);
  const stop = new AbortController();
  options.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  let reason: string | undefined;
  const onFailure = (r: CheckItemResult) => {
    if (options.failFast && !stop.signal.aborted) {
      reason = `--fail-fast after ${r.item.file} failed`;
      stop.abort();
    }
  };
  const results: CheckItemResult[] = [];
  for (const item of items) {
    const r = await checkStatically(item, byFile.get(item.file) ?? [], options, cwd);
    if (stop.signal.aborted) skip(r, `not checked: ${reason ?? 'the check was stopped'}`);
    else if (r.status === 'failed') onFailure(r);
    results.push(r);
  }
  const toRun = results.filter((r) => options.run && r.item.kind === 'buildspec' && r.status === 'passed');
  if (toRun.length > 0) {
    await withRuntime(
      options.runtime,
      (runtime) => runBuilds(toRun, { options, runtime, stop, stopReason: () => reason, onFailure }),
      { stateDir: options.stateDir, onStop: () => ((reason ??= 'interrupted'), stop.abort()) },
    );
  }
  const selected = new Set(items.map((i) => i.file));
  // Findings on files that are no item (codelocal.yml settings) stay in the lint part of every shard.
  const itemFiles = new Set(all.map((i) => i.file));
  const counts: Record<CheckStatus, number> = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) counts[r.status]++;
  return {
    cwd,
    items: results,
    lint: {
      ...lintResult,
      findings: lintResult.findings.filter((f) => selected.has(f.file) || !itemFiles.has(f.file)),
    },
    counts,
    discovered: all.length,
    shard: options.shard,
    changedSince: options.changedSince,
    ran: Boolean(options.run),
    durationMs: Date.now() - started,
  };
}
