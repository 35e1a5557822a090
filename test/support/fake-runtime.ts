/**
 * An in-memory ContainerRuntime for fast tests of the build engine without Docker. Its containers
 * keep the files put into them, and their attach stream speaks the build agent's protocol
 * (src/engine/codebuild/agent-script.ts): each `R <n>` request reads the command script the engine
 * wrote (cmd/<n>.sh, the user's text on line 4) and answers with a scripted outcome (exit code,
 * output, duration). So the engine's real script table, tar packing, agent session, phase runner
 * and transitions all run; only the shell is played. Tests only: production code never imports it.
 * With `images` it also keeps an image store (fake-images.ts) and labels its containers as the real runtime
 * does, so the local ECS stand-in's deploys and their cleanup run against it too.
 */
import { PassThrough, Readable, Writable } from 'node:stream';
import { packEntries, readTarEntries } from '../../src/archive/index.js';
import { StdinTar } from './fake-bootstrap.js';
import { resourceLabels } from '../../src/runtime/labels.js';
import { FakeImages, type FakeImagesSeed } from './fake-images.js';
import type {
  AttachedStreams,
  Container,
  ContainerRuntime,
  ContainerSpec,
  ContainerState,
  EngineInfo,
  ExecResult,
  ImageClient,
  NetworkClient,
  ResourceRef,
  VolumeClient,
} from '../../src/runtime/types.js';

const CMD_DIR = 'codebuild/codelocal/mem/cmd/';
const ENV0 = 'codebuild/codelocal/mem/env0.sh';
const MARK = '\u001eCODELOCAL ';
/** Where the host stages the in-memory folder's files for an upload through the engine (STAGED_MEMORY_DIR). */
const STAGED = '/codebuild/codelocal/staged-mem/';

/** What one command does in the fake shell. */
export interface CommandOutcome {
  exitCode?: number;
  output?: string;
  /** How long the command runs (ms); a kill or stop meanwhile ends it without a result. */
  durationMs?: number;
  /** Variables the command leaves set (as `export NAME=...` would). */
  setEnv?: Record<string, string>;
  /** The container dies during the command (the agent never answers). */
  crash?: boolean;
}

export interface CommandCall {
  command: string;
  user?: string;
  mode: string;
  /** The build's variables as the command sees them. */
  env: Map<string, string>;
}

/** Decides a command's outcome; undefined means success with no output. */
export type CommandScript = (call: CommandCall) => CommandOutcome | undefined;

export interface FakeRuntimeOptions {
  /** Outcomes by exact command text, or a function of the call. */
  commands?: Record<string, CommandOutcome> | CommandScript;
  /** Files of the image (absolute paths), e.g. /codebuild/image/config/runtimes.yml. */
  imageFiles?: Record<string, string>;
  /** The image has no GNU tar: the bootstrap asks for the files through the engine (`files 1`). */
  noGnuTar?: boolean;
  /** With noGnuTar: the bootstrap's move of the staged files fails, printing this (then `untar 1`; it exits). */
  stagedMoveFails?: string;
  /** Model images (pull, tag, untag, inspect): containers then need an image that exists. */
  images?: FakeImagesSeed;
}

export class FakeRuntime implements ContainerRuntime {
  readonly runId = 'fake-run';
  readonly containers: FakeContainer[] = [];
  readonly images: ImageClient;
  readonly networks = unsupported<NetworkClient>('networks');
  readonly volumes = unsupported<VolumeClient>('volumes');
  private readonly script: CommandScript;

  constructor(readonly options: FakeRuntimeOptions = {}) {
    const commands = options.commands;
    this.script = typeof commands === 'function' ? commands : (call) => commands?.[call.command];
    this.images = options.images
      ? new FakeImages(options.images, () => this.containers.filter((c) => !c.removed).map((c) => c.imageId ?? ''))
      : unsupported<ImageClient>('images');
  }

  async createContainer(spec: ContainerSpec): Promise<Container> {
    const c = new FakeContainer(`fake${this.containers.length}`, spec, this.script, this.options.imageFiles ?? {});
    c.gnuTar = !this.options.noGnuTar;
    c.stagedMoveFails = this.options.stagedMoveFails;
    if (this.images instanceof FakeImages) {
      // The engine resolves the image once, at creation: a later re-tag does not change what the container runs.
      c.imageId = this.images.resolve(spec.image);
      if (!c.imageId) throw new Error(`No such image: ${spec.image}`);
    }
    this.containers.push(c);
    return c;
  }

  async getContainer(idOrName: string): Promise<Container | undefined> {
    return this.containers.find((c) => c.id === idOrName && !c.removed);
  }

  async info(): Promise<EngineInfo> {
    throw new Error('FakeRuntime: info() is not modelled');
  }

  /** Containers not removed, labelled as the real runtime labels them (keep label included). */
  async listResources(filter: { runId?: string; labels?: Record<string, string> } = {}): Promise<ResourceRef[]> {
    if (filter.runId && filter.runId !== this.runId) return [];
    return this.containers
      .filter((c) => !c.removed)
      .map((c) => ({
        kind: 'container' as const,
        id: c.id,
        name: c.name,
        labels: resourceLabels({ runId: this.runId }, { keep: c.spec.keep, extra: c.spec.labels }),
      }))
      .filter((r) => Object.entries(filter.labels ?? {}).every(([k, v]) => r.labels[k] === v));
  }

  async privilegedStrategy() {
    return { kind: 'privileged' as const };
  }

  async sweep(): Promise<ResourceRef[]> {
    return [];
  }

  async cleanup(): Promise<void> {}
}

export class FakeContainer implements Container {
  readonly name: string;
  /** Every file put into the container, by absolute path. */
  readonly files = new Map<string, Buffer>();
  /** Agent requests received, in order (R/A/P/Q lines). */
  readonly requests: string[] = [];
  /** The text of every script the agent ran, in order (quiet helper scripts included). */
  readonly ran: string[] = [];
  readonly env = new Map<string, string>();
  /** The image id it was created from (with modelled images). */
  imageId: string | undefined;
  started = false;
  /** Whether the image's tar reads the files from stdin (else they come through putArchive). */
  gnuTar = true;
  stagedMoveFails: string | undefined;
  /** How the files arrived: through the bootstrap's stdin, or uploaded through the engine. */
  filesVia: 'stdin' | 'engine' | undefined;
  private waitingFiles: StdinTar | 'upload' | undefined;
  killed = false;
  removed = false;
  forgotten = false;
  exited = false;
  private stdout = new PassThrough();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: string,
    readonly spec: ContainerSpec,
    private readonly script: CommandScript,
    imageFiles: Record<string, string>,
  ) {
    this.name = id;
    for (const [path, text] of Object.entries(imageFiles)) this.files.set(path, Buffer.from(text));
  }

  async attach(): Promise<AttachedStreams> {
    let pending = '';
    const stdin = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        if (this.waitingFiles instanceof StdinTar) {
          this.takeTar(chunk).then(() => done(), done);
          return;
        }
        pending += chunk.toString();
        let nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
          this.request(pending.slice(0, nl));
          pending = pending.slice(nl + 1);
        }
        done();
      },
    });
    return { stdin, stdout: this.stdout, stderr: new PassThrough() };
  }

  async start(): Promise<void> {
    this.started = true;
    if (this.spec.cmd?.[1] !== '-c') return this.loadEnv();
    // The bootstrap (bootstrap.sh): the files first, then the agent.
    this.waitingFiles = this.gnuTar ? new StdinTar() : 'upload';
    this.answer('files', this.gnuTar ? 0 : 1);
  }

  private async takeTar(chunk: Buffer): Promise<void> {
    const tar = this.waitingFiles as StdinTar;
    tar.add(chunk);
    const whole = tar.complete();
    if (!whole) return;
    this.waitingFiles = undefined;
    this.filesVia = 'stdin';
    await this.unpack(whole, '/', true);
    this.loadEnv();
    this.answer('untar', 0);
  }

  async exec(): Promise<ExecResult> {
    return { exitCode: 0, stdout: '', stderr: '' };
  }

  async putArchive(tar: Readable | Buffer, path: string): Promise<void> {
    await this.unpack(tar, path, false);
  }

  /** `inside`: the container's own tar unpacks it (the bootstrap), which sees its in-memory folders. */
  private async unpack(tar: Readable | Buffer, path: string, inside: boolean): Promise<void> {
    const stream = Buffer.isBuffer(tar) ? Readable.from([tar]) : tar;
    const base = path.endsWith('/') ? path : path + '/';
    for await (const e of readTarEntries(stream)) {
      const name = base + e.header.name.replace(/^\/+/, '');
      // As the engine does: an upload into a running container does not reach its in-memory folders.
      if (!inside && this.started && this.inScratch(name)) continue;
      if (e.header.type === 'file') this.files.set(name, e.content);
    }
  }

  private inScratch(path: string): boolean {
    return (this.spec.scratch ?? []).some((dir) => path.startsWith(dir + '/'));
  }

  /** The bootstrap's move of staged files into the agent's folder (bootstrap.sh, `files 1`). */
  private moveStaged(): void {
    for (const [path, content] of [...this.files]) {
      if (!path.startsWith(STAGED)) continue;
      this.files.delete(path);
      this.files.set('/codebuild/codelocal/mem/' + path.slice(STAGED.length), content);
    }
  }

  async getArchive(path: string): Promise<Readable> {
    const content = this.files.get(path);
    if (!content) throw new Error(`FakeContainer: no such file ${path}`);
    return packEntries([{ name: path.split('/').pop()!, content }]);
  }

  async wait(): Promise<{ exitCode: number }> {
    return { exitCode: this.killed ? 137 : 0 };
  }

  async inspect(): Promise<ContainerState> {
    const running = this.started && !this.exited;
    return { id: this.id, name: this.name, running, exitCode: running ? null : 0, labels: {}, networks: {} };
  }

  async stop(): Promise<void> {
    this.exit();
  }

  async kill(): Promise<void> {
    this.killed = true;
    this.exit();
  }

  async remove(): Promise<void> {
    this.removed = true;
    this.exit();
  }

  forget(): void {
    this.forgotten = true;
  }

  /** The text of a file the engine put in, or undefined. */
  text(path: string): string | undefined {
    return this.files.get(path)?.toString('utf8');
  }

  private exit(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.exited) this.stdout.end();
    this.exited = true;
  }

  private answer(n: string, status: number): void {
    const nonce = this.spec.env?.CODELOCAL_NONCE ?? '';
    this.stdout.write(`\n${MARK}${nonce} ${n} ${status}\n`);
  }

  private request(line: string): void {
    this.requests.push(line);
    if (this.exited) return;
    if (this.waitingFiles === 'upload') {
      if (line !== 'G') throw new Error(`FakeContainer: "${line}" sent before the uploaded files were announced`);
      this.waitingFiles = undefined;
      this.filesVia = 'engine';
      if (this.stagedMoveFails !== undefined) {
        this.stdout.write(this.stagedMoveFails + '\n');
        this.answer('untar', 1);
        return this.exit();
      }
      this.moveStaged();
      this.loadEnv();
      this.answer('untar', 0);
      return;
    }
    if (line.startsWith('P')) this.answer('ping', 0);
    else if (line.startsWith('A ')) applyEnvLine(this.env, line.slice(2));
    else if (line.startsWith('Q')) this.exit();
    else if (line.startsWith('R ')) this.runScript(line.split(' '));
    else if (line.startsWith('B ')) this.runList(line.split(' '));
  }

  /** `B <shell> <mode> <user> <n>...`: each script announced, run and answered, up to the first failure. */
  private runList([, shell, mode, user, ...ids]: string[]): void {
    const next = (i: number) => {
      if (i >= ids.length || this.exited) return;
      const nonce = this.spec.env?.CODELOCAL_NONCE ?? '';
      this.stdout.write(`\n${MARK}${nonce} start ${ids[i]}\n`);
      this.runScript(['R', ids[i]!, shell!, mode!, user!], (status) => {
        if (status === 0) next(i + 1);
      });
    };
    next(0);
  }

  private runScript([, n, , mode, user]: string[], then?: (status: number) => void): void {
    const script = this.text(`/${CMD_DIR}${n}.sh`) ?? '';
    const command = script.replace(/\n$/, '');
    this.ran.push(command);
    const call: CommandCall = { command, mode, user: user === '-' ? undefined : user, env: new Map(this.env) };
    const outcome = helperOutcome(command, this.env) ?? this.script(call) ?? ownOutcome(command);
    const finish = () => {
      this.timer = undefined;
      if (outcome.crash) return this.exit();
      for (const [k, v] of Object.entries(outcome.setEnv ?? {})) this.env.set(k, v);
      if (outcome.output) this.stdout.write(outcome.output);
      this.answer(n, outcome.exitCode ?? 0);
      then?.(outcome.exitCode ?? 0);
    };
    if (outcome.durationMs) this.timer = setTimeout(finish, outcome.durationMs);
    else queueMicrotask(finish);
  }

  /** The initial environment file the engine wrote (`export NAME='value'` lines). */
  private loadEnv(): void {
    for (const line of (this.text('/' + ENV0) ?? '').split('\n')) if (line) applyEnvLine(this.env, line);
  }
}

/** `export NAME='value'` (single-quoted the way shQuote writes it) into `env`. */
function applyEnvLine(env: Map<string, string>, line: string): void {
  const m = /^export ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
  if (m) env.set(m[1], unquote(m[2]));
}

function unquote(v: string): string {
  return v.startsWith("'") ? v.slice(1, -1).replace(/'\\''/g, "'") : v;
}

/** The engine's own quiet scripts (script-table.ts), played against the fake environment. */
function helperOutcome(command: string, env: Map<string, string>): CommandOutcome | undefined {
  const evaluated = /^printf '%s' "(.*)"$/s.exec(command);
  if (evaluated) return { output: expand(evaluated[1].replace(/\\(["\\])/g, '$1'), env) };
  if (command.startsWith("printf '%s\\037%s\\037%s\\037' ")) {
    const names = [...command.matchAll(/printf '%s\\037%s\\037%s\\037' (\w+)/g)].map((m) => m[1]);
    const output = names.map((n) => `${n}\u001f${env.has(n) ? '1' : ''}\u001f${env.get(n) ?? ''}\u001f`).join('');
    return { output };
  }
  if (command.startsWith('. /codebuild/')) return {};
  return undefined;
}

/** A plain `export NAME=value` command sets its variable, as the agent's `keep` mode persists it. */
function ownOutcome(command: string): CommandOutcome {
  const m = /^export ([A-Za-z_][A-Za-z0-9_]*)=(\S*)$/.exec(command);
  return m ? { setEnv: { [m[1]]: m[2] } } : {};
}

function expand(text: string, env: Map<string, string>): string {
  return text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, n: string) => env.get(n) ?? '');
}

function unsupported<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get: (_, key) => () => Promise.reject(new Error(`FakeRuntime: ${what}.${String(key)} is not modelled`)),
  });
}
