/**
 * Test and coverage reports at UPLOAD_ARTIFACTS (docs/aws/codebuild.md §1.9, §7.2): each report group's
 * files are selected like artifacts (artifact-select.ts), read out of the container (or the
 * bind-mounted host folder), parsed, and turned into Report objects (report-results.ts). Reports
 * never change the build status; problems become log lines and FAILED reports.
 * With `reportsDir` (the local agent's `-r`), each report is also written there as JSON.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { ReportSpec } from '../../model/index.js';
import type { Container } from '../../runtime/index.js';
import { ArtifactSelector } from './artifact-select.js';
import {
  hostPathOf,
  sourcePathExists,
  visitContainerPathItself,
  walkContainerPath,
  walkHostPath,
  type TreeEntry,
} from './container-tree.js';
import { parseReportFile, ReportFormatError } from './report-parsers/index.js';
import {
  assembleReport,
  MAX_REPORT_GROUPS,
  reportGroupIdentity,
  type ParsedFile,
  type Report,
} from './report-results.js';

/** Report files bigger than this are refused rather than read into memory. */
export const MAX_REPORT_FILE_BYTES = 64 * 1024 * 1024;
const MAX_LINK_HOPS = 8;

export interface CollectReportsOptions {
  container: Container;
  srcDir: string;
  hostSrcDir?: string;
  /** Host paths under hostSrcDir the build cannot see (bind-hidden.ts): never read as reports. */
  hostHidden?: readonly string[];
  reports: readonly ReportSpec[];
  projectName: string;
  region: string;
  accountId: string;
  buildArn: string;
  /** Also write each report as `<group name>.json` here. */
  reportsDir?: string;
  log: (message: string) => void;
  now?: () => Date;
  newId?: () => string;
}

export async function collectReports(o: CollectReportsOptions): Promise<Report[]> {
  const out: Report[] = [];
  o.reports.slice(MAX_REPORT_GROUPS).forEach((spec) => {
    // The buildspec parser rejects a sixth group already; this guards specs built elsewhere.
    o.log(`[${spec.name}: [report group limit reached: at most ${MAX_REPORT_GROUPS} report groups per build]]`);
  });
  for (const spec of o.reports.slice(0, MAX_REPORT_GROUPS)) {
    const group = reportGroupIdentity(spec.name, o.projectName, o.region, o.accountId);
    const files = await readGroupFiles(o, spec);
    if (!files) continue;
    const parsed: ParsedFile[] = files.map(({ path, content, error }) => {
      if (error) return { path, error };
      try {
        return { path, parsed: parseReportFile(spec.fileFormat, content!.toString('utf8'), path) };
      } catch (e) {
        if (e instanceof ReportFormatError) return { path, error: e.message };
        throw e;
      }
    });
    const report = assembleReport({
      group,
      format: spec.fileFormat,
      files: parsed,
      reportId: (o.newId ?? randomUUID)(),
      region: o.region,
      accountId: o.accountId,
      buildArn: o.buildArn,
      created: (o.now ?? (() => new Date()))(),
    });
    for (const e of report.processingErrors ?? []) o.log(e);
    out.push(report);
  }
  if (o.reportsDir && out.length) await writeReports(o.reportsDir, out);
  return out;
}

interface ReadFile {
  path: string;
  content?: Buffer;
  error?: string;
}

/** The group's selected files with their bytes; undefined (after logging why) when nothing matched. */
async function readGroupFiles(o: CollectReportsOptions, spec: ReportSpec): Promise<ReadFile[] | undefined> {
  const selector = new ArtifactSelector({
    files: spec.files,
    baseDirectory: spec.baseDirectory,
    discardPaths: spec.discardPaths,
  });
  const files: ReadFile[] = [];
  const links: string[] = [];
  const visit = async (entry: TreeEntry): Promise<void> => {
    const rel = posix.relative(o.srcDir, entry.path);
    if (rel.startsWith('..') || entry.type === 'other') return;
    const type = entry.type === 'hardlink' ? 'file' : entry.type;
    if (!selector.offer({ path: rel, type })) return;
    if (entry.type === 'file') files.push(await readEntry(entry, entry.path));
    else links.push(entry.path);
  };
  const probe = selector.baseToProbe();
  const probeAt = probe === undefined ? undefined : posix.join(o.srcDir, probe);
  if (probeAt && (await sourcePathExists(o.container, o.srcDir, o.hostSrcDir, probeAt))) selector.noteDirectory(probe!);
  for (const root of selector.fetchRoots()) {
    const abs = root === '' ? o.srcDir : posix.join(o.srcDir, root);
    if (o.hostSrcDir) await walkHostPath(hostPathOf(o.hostSrcDir, o.srcDir, abs), abs, visit, o.hostHidden);
    else await walkContainerPath(o.container, abs, visit);
  }
  for (const link of links) files.push(await readThroughLinks(o.container, link));
  const selection = selector.result();
  for (const line of selection.log) o.log(line);
  if (selection.failure) {
    o.log(`[${spec.name}: [${selection.failure.message.replace('artifact', 'report')}]]`);
    return undefined;
  }
  return files;
}

/** Reads a file entry's bytes; `path` is the name the report shows (a link's own path when followed). */
async function readEntry(entry: TreeEntry, path: string): Promise<ReadFile> {
  if (entry.size > MAX_REPORT_FILE_BYTES) return { path, error: `file is larger than ${MAX_REPORT_FILE_BYTES} bytes` };
  if (!entry.open) return { path, error: 'not a readable file' };
  const chunks: Buffer[] = [];
  for await (const c of entry.open()) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return { path, content: Buffer.concat(chunks) };
}

/** A selected symlink or hard link: read the file it leads to (the report keeps the link's path). */
async function readThroughLinks(container: Container, path: string): Promise<ReadFile> {
  let from = path;
  for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
    let result: ReadFile | undefined;
    let next: string | undefined;
    await visitContainerPathItself(container, from, async (entry) => {
      if (entry.type === 'file') result = await readEntry(entry, path);
      else if (entry.type === 'symlink') next = posix.resolve(posix.dirname(from), entry.linkname ?? '');
    });
    if (result) return result;
    if (!next) break;
    from = next;
  }
  return { path, error: 'not a readable file' };
}

function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}

async function writeReports(dir: string, reports: readonly Report[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const r of reports) {
    await writeFile(join(dir, `${safeFileName(r.name)}.json`), JSON.stringify(r, null, 2) + '\n');
  }
}
