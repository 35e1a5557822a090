/**
 * Network namespaces lent to the plain builds of one run (a pipeline's on codelocal-aws; `check --run`'s and a
 * batch's on the engine's default network, src/api/lent-networks.ts), one build at a time (docs/local-aws.md,
 * "Network namespaces of a pipeline run"; why: docs/performance.md, change 17).
 *
 * A container of its own on the codelocal-aws network costs the engine its network set-up at start (veth pair,
 * bridge port, the embedded DNS resolver's rules) and the tear-down at removal: about half of a container start
 * here. A container that joins a running container's namespace (`--network container:<id>`) skips both. So a
 * run keeps sleeping holder containers on the network, and a build joins an idle one:
 *   - a holder is lent to one build from its create until its main process has ended (the build's attach stream
 *     closed, or the container waited for or removed). By then every process of the build is gone (the PID
 *     namespace ends with its init), so nothing of it listens when the next build starts;
 *   - when no holder is idle, the build gets a network of its own, exactly as without holders, and one more
 *     holder starts alongside for the builds that follow: builds side by side never share a namespace;
 *   - /etc/hosts, /etc/resolv.conf and /etc/hostname are the holder's files, bind-mounted into each build. The
 *     holder prints what the engine wrote there when it starts (src/guest/files/local-aws/network-holder.sh), and
 *     each build's bootstrap writes it back before anything else runs (the CODELOCAL_ETC_* variables), so one
 *     build's edits do not reach the next.
 * A holder that cannot start or say all three files (an image without `sleep` or `cat`) turns lending off for the
 * run.
 * Holders carry the run's labels: cleanup, signals and the sweep remove them as any container of the run.
 */
import { guestFile } from '../guest/index.js';
import { LABEL_ROLE, type Container, type ContainerRuntime } from '../runtime/index.js';

export const ROLE_NETWORK_HOLDER = 'network-holder';

/**
 * Whether builds on this runtime may be lent namespaces: on Docker Engine (Podman's handling of a joined namespace's
 * files is not measured) and unless CODELOCAL_NETWORK_HOLDERS=off.
 */
export async function canLendNetworks(runtime: ContainerRuntime, env = process.env): Promise<boolean> {
  if (env.CODELOCAL_NETWORK_HOLDERS === 'off') return false;
  return (await runtime.info()).product === 'docker';
}

/** What a build is given to join a holder's namespace. */
export interface NetworkLease {
  /** The container network mode: `container:<holder id>`. */
  networkMode: string;
  /** The engine's network files for the bootstrap to write back (src/guest/files/codebuild/bootstrap.sh). */
  env: Record<string, string>;
  /** The build's processes are gone: the holder may be lent again. Idempotent. */
  release(): void;
}

interface Holder {
  /** Resolves true once the holder runs and has said its files; false when it could not. */
  ready: Promise<boolean>;
  container?: Container;
  env: Record<string, string>;
  lent: boolean;
}

/** The variables the bootstrap restores the files from, in the order the holder prints the files. */
export const NETWORK_FILE_VARIABLES = ['CODELOCAL_ETC_HOSTS', 'CODELOCAL_ETC_RESOLV_CONF', 'CODELOCAL_ETC_HOSTNAME'];

/** How long a new holder may take to print its files before it is given up (and lending with it). */
const FILES_TIMEOUT_MS = 10_000;

export class NetworkHolders {
  private readonly holders: Holder[] = [];
  private off = false;

  constructor(
    private readonly runtime: ContainerRuntime,
    /** The holders' network: codelocal-aws, or undefined for the engine's default one. */
    private readonly network: string | undefined,
    private readonly extraHosts: readonly string[],
  ) {}

  /**
   * An idle holder's namespace, or one still starting (its remaining start is shorter than a start of a build's
   * own network). When every holder is lent: undefined, so the build gets a network of its own as without holders,
   * and one more holder starts alongside for the builds that follow.
   */
  async lend(image: string): Promise<NetworkLease | undefined> {
    if (this.off) return undefined;
    const h = this.holders.find((x) => !x.lent);
    if (!h) {
      this.holders.push(this.start(image));
      return undefined;
    }
    h.lent = true;
    if (!(await h.ready) || !h.container) return undefined;
    // Removed from outside the run (`docker rm -f`, a `clean` elsewhere): a build could not start in it. Dropped,
    // and the build is served as if it had not been there (one engine call, ~1 ms).
    if (!(await h.container.inspect().catch(() => undefined))?.running) {
      this.holders.splice(this.holders.indexOf(h), 1);
      await h.container.remove().catch(() => undefined);
      return this.lend(image);
    }
    // Once only: a later signal of the same build (its removal after its attach closed) must not free the holder
    // while another build has it.
    let released = false;
    return {
      networkMode: `container:${h.container.id}`,
      env: h.env,
      release: () => {
        if (released) return;
        released = true;
        h.lent = false;
      },
    };
  }

  /** A new holder, idle once ready; lending goes off for the run when it cannot start or say its files. */
  private start(image: string): Holder {
    const holder: Holder = { ready: Promise.resolve(false), env: {}, lent: false };
    holder.ready = (async () => {
      try {
        holder.container = await this.runtime.createContainer({
          image,
          entrypoint: [],
          cmd: ['/bin/sh', '-c', guestFile('local-aws/network-holder.sh')],
          labels: { [LABEL_ROLE]: ROLE_NETWORK_HOLDER },
          ...(this.network ? { network: this.network } : {}),
          ...(this.extraHosts.length ? { extraHosts: [...this.extraHosts] } : {}),
          // docker-init passes SIGTERM on to `sleep` (a PID 1 without a handler would ignore it): see close().
          init: true,
          autoRemove: true,
        });
        const streams = await holder.container.attach();
        const files = printedFiles(streams.stdout);
        await holder.container.start();
        holder.env = await files.finally(() => streams.stdin.destroy());
        // Without all three to write back, one build's edits could reach the next: no lending then.
        if (Object.keys(holder.env).length < NETWORK_FILE_VARIABLES.length) throw new Error('unreadable network files');
        return true;
      } catch {
        this.off = true;
        await holder.container?.remove().catch(() => undefined);
        holder.container = undefined;
        return false;
      }
    })();
    return holder;
  }

  /**
   * Ends every holder with SIGTERM and leaves the removal to the engine (AutoRemove): the engine answers a SIGTERM
   * at once, where a SIGKILL is answered only once the container is down (its network torn down: ~0.1 s).
   */
  async close(): Promise<void> {
    this.off = true;
    const all = this.holders.splice(0);
    await Promise.all(
      all.map(async (h) => {
        await h.ready;
        const container = h.container;
        if (!container) return;
        try {
          await container.kill('SIGTERM');
          container.forget();
        } catch {
          await container.remove().catch(() => undefined);
        }
      }),
    );
  }
}

/**
 * The files network-holder.sh prints, as the bootstrap's variables (a file it could not read is left out).
 * Rejects when the holder ends or goes quiet before printing all three.
 */
export function printedFiles(
  stdout: NodeJS.ReadableStream,
  timeoutMs = FILES_TIMEOUT_MS,
): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => finish(new Error('the network holder did not print its files')), timeoutMs);
    const onData = (chunk: string) => {
      text += chunk;
      const parsed = parsePrintedFiles(text);
      if (parsed) finish(undefined, parsed);
    };
    const onEnd = () => finish(new Error('the network holder ended before printing its files'));
    const finish = (error?: Error, env?: Record<string, string>) => {
      clearTimeout(timer);
      stdout.off('data', onData);
      stdout.off('end', onEnd);
      if (error) reject(error);
      else resolve(env!);
    };
    stdout.setEncoding('utf8');
    stdout.on('data', onData);
    stdout.once('end', onEnd);
  });
}

/** The three files once all are printed (each followed by `\036\n`, or `\036-\n` when unreadable), else undefined. */
export function parsePrintedFiles(text: string): Record<string, string> | undefined {
  const env: Record<string, string> = {};
  let at = 0;
  for (const name of NETWORK_FILE_VARIABLES) {
    const mark = text.indexOf('\u001e', at);
    if (mark < 0) return undefined;
    if (text[mark + 1] === '\n') env[name] = text.slice(at, mark);
    else if (text.slice(mark + 1, mark + 3) !== '-\n') return undefined;
    at = mark + (text[mark + 1] === '\n' ? 2 : 3);
  }
  return env;
}
