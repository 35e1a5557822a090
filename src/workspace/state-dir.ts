/**
 * The state folder: everything codelocal keeps between runs, in one place the user can inspect
 * and delete. Default `<project root>/.codelocal/`; overridden by config `stateDir`, then by the
 * `CODELOCAL_STATE_DIR` variable, then by the `--state-dir` flag (most specific wins).
 *
 * Layout (this class names these paths and everything else asks it; two names still live in the
 * stores below this layer: `artifact-bucket-id` in s3-store.ts and the default `stubs.yml` in stubs.ts):
 *   .gitignore            `*` so the folder never ends up in a commit
 *   s3/<bucket>/<key>     local S3 (exact object bytes; see s3-store.ts for the hidden helpers)
 *   cache/<namespace>/... build caches (cache-store.ts)
 *   builds/<build-id>/    build.log, result.json, session.json
 *   batches/<batch-id>/   result.json of batch builds
 *   pipeline-executions/<id>/  action logs and stop requests of pipeline runs
 *   ecs/services, ecs/task-definitions, cloudformation/stacks   local deploy targets
 *   ecs/pulled-images.json  image names ECS deploys pulled into the host engine (removed once no task uses them)
 *   executions.db         history (execution-store.ts)
 *   images/               runner image build work
 *   tmp/<host>-<pid>/     a process's temp folders (pipeline artifacts unpacked); swept once the pid is gone
 *   stubs.yml             optional parameter/secret stubs (stubs.ts)
 *   events.jsonl          append-only log of EventBridge-shaped events (stores/events-log.ts, docs/events.md)
 *
 * Nothing here creates a folder until a writer calls `ensure()`/`ensureDir()`: read-only commands
 * (`executions list`, `--dry-run`) must leave a project untouched.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { EnvironmentError } from '../errors.js';

export const STATE_DIR_NAME = '.codelocal';
export type StateDirSource = 'flag' | 'env' | 'config' | 'default';

export interface StateDirOptions {
  projectRoot: string;
  /** `--state-dir`; relative to `cwd`. */
  flag?: string;
  /** `stateDir` from codelocal.yml; relative to the project root. */
  config?: string;
  /** Defaults to process.env (only CODELOCAL_STATE_DIR is read; relative to `cwd`). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export function resolveStateDirPath(options: StateDirOptions): { path: string; source: StateDirSource } {
  const cwd = options.cwd ?? process.cwd();
  const fromEnv = (options.env ?? process.env).CODELOCAL_STATE_DIR;
  if (options.flag) return { path: resolve(cwd, options.flag), source: 'flag' };
  if (fromEnv) return { path: resolve(cwd, fromEnv), source: 'env' };
  if (options.config) {
    const p = isAbsolute(options.config) ? options.config : resolve(options.projectRoot, options.config);
    return { path: p, source: 'config' };
  }
  return { path: join(options.projectRoot, STATE_DIR_NAME), source: 'default' };
}

/**
 * Build ids are `<project>:<uuid>`. A colon in a host path breaks Docker bind specs (`src:dst`),
 * so folder names use `_` instead; the uuid keeps them unique.
 */
export function buildDirName(buildId: string): string {
  return buildId.replace(/[:/\\]/g, '_');
}

export class StateDir {
  readonly root: string;
  readonly source: StateDirSource;
  readonly s3Root: string;
  readonly cacheRoot: string;
  readonly buildsRoot: string;
  readonly imagesRoot: string;
  readonly executionsDb: string;
  /** The state-folder stub file (one of the default stub locations). */
  readonly stubsFile: string;
  readonly batchesRoot: string;
  readonly pipelineExecutionsRoot: string;
  /** Local ECS services (deployed tasks, ports) and registered task definitions. */
  readonly ecsServicesDir: string;
  readonly ecsTaskDefinitionsDir: string;
  /** The image names this folder's ECS deploys pulled into the host engine (src/local-aws/ecs/pulled-images.ts). */
  readonly ecsPulledImagesFile: string;
  /** Local CloudFormation stacks (what the deploy actions applied). */
  readonly cloudformationStacksDir: string;
  /** Temp folders of running processes, one subfolder each (see processTmpDir). */
  readonly tmpRoot: string;
  /** The append-only events log, one EventBridge-shaped event per line (docs/events.md). */
  readonly eventsLog: string;

  constructor(root: string, source: StateDirSource = 'default') {
    this.root = resolve(root);
    this.source = source;
    this.s3Root = join(this.root, 's3');
    this.cacheRoot = join(this.root, 'cache');
    this.buildsRoot = join(this.root, 'builds');
    this.imagesRoot = join(this.root, 'images');
    this.executionsDb = join(this.root, 'executions.db');
    this.stubsFile = join(this.root, 'stubs.yml');
    this.batchesRoot = join(this.root, 'batches');
    this.pipelineExecutionsRoot = join(this.root, 'pipeline-executions');
    this.ecsServicesDir = join(this.root, 'ecs', 'services');
    this.ecsTaskDefinitionsDir = join(this.root, 'ecs', 'task-definitions');
    this.ecsPulledImagesFile = join(this.root, 'ecs', 'pulled-images.json');
    this.cloudformationStacksDir = join(this.root, 'cloudformation', 'stacks');
    this.tmpRoot = join(this.root, 'tmp');
    this.eventsLog = join(this.root, 'events.jsonl');
  }

  static resolve(options: StateDirOptions): StateDir {
    const { path, source } = resolveStateDirPath(options);
    return new StateDir(path, source);
  }

  buildDir(buildId: string): string {
    return join(this.buildsRoot, buildDirName(buildId));
  }

  batchDir(batchId: string): string {
    return join(this.batchesRoot, buildDirName(batchId));
  }

  /** An execution's action logs and stop requests. */
  pipelineExecutionDir(executionId: string): string {
    return join(this.pipelineExecutionsRoot, executionId);
  }

  /**
   * This process's temp folder: named by host and pid so the next start can tell a dead process's
   * leftovers (SIGKILL, crash) from a live one's and remove them (process-tmp.ts).
   */
  processTmpDir(pid: number = process.pid, host: string = hostname()): string {
    return join(this.tmpRoot, `${host.replace(/[^A-Za-z0-9_.-]/g, '_')}-${pid}`);
  }

  buildLogPath(buildId: string): string {
    return join(this.buildDir(buildId), 'build.log');
  }

  buildResultPath(buildId: string): string {
    return join(this.buildDir(buildId), 'result.json');
  }

  /**
   * Creates the folder, its `.gitignore` and the top-level subfolders. Idempotent and cheap, so
   * every writer calls it rather than assuming someone else did.
   */
  ensure(): this {
    try {
      mkdirSync(this.root, { recursive: true });
      const ignore = join(this.root, '.gitignore');
      // 'wx': two processes starting together must not both fail or clobber each other.
      if (!existsSync(ignore)) writeIfAbsent(ignore, '*\n');
      for (const d of [this.s3Root, this.cacheRoot, this.buildsRoot, this.imagesRoot])
        mkdirSync(d, { recursive: true });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new EnvironmentError(
        'STATE_DIR_UNWRITABLE',
        `cannot create the state folder ${this.root}: ${err.code ?? err.message}`,
        {
          details: ['set --state-dir, CODELOCAL_STATE_DIR or stateDir in codelocal.yml to a writable folder'],
          cause: e,
        },
      );
    }
    return this;
  }

  /** Creates (with the state folder) and returns a subfolder path. */
  ensureDir(path: string): string {
    this.ensure();
    mkdirSync(path, { recursive: true });
    return path;
  }

  exists(): boolean {
    try {
      return statSync(this.root).isDirectory();
    } catch {
      return false;
    }
  }
}

function writeIfAbsent(path: string, text: string): void {
  try {
    writeFileSync(path, text, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

export interface DiskSpace {
  freeBytes: number;
  totalBytes: number;
}

/**
 * Free space where `path` lives (the nearest existing ancestor when it does not exist yet), for
 * `doctor` and for a friendly error before a large artifact write.
 */
export async function diskFree(path: string): Promise<DiskSpace> {
  let p = resolve(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  const s = await statfs(p);
  // bavail, not bfree: blocks reserved for root are not usable by a normal user.
  return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
}
