/**
 * The network namespaces a pipeline run lends its plain builds (src/local-aws/network-holders.ts,
 * docs/local-aws.md "Network namespaces of a pipeline run"), against a recording runtime: which builds join a
 * holder, when a holder is lent again, and what happens when one cannot start.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { withBuildHooks, withLentNetworks } from '../../../src/local-aws/build-hooks.js';
import {
  canLendNetworks,
  NetworkHolders,
  parsePrintedFiles,
  printedFiles,
} from '../../../src/local-aws/network-holders.js';
import type { AttachedStreams, Container, ContainerRuntime, ContainerSpec } from '../../../src/runtime/types.js';

const PRINTED = '127.0.0.1\tlocalhost\n10.0.0.2\tholder\n\u001e\nnameserver 127.0.0.11\n\u001e\nholder\n\u001e\n';

interface Made {
  spec: ContainerSpec;
  /** Removed from outside the run: inspect says it is not running. */
  gone?: boolean;
  signals: string[];
  forgotten: boolean;
  removed: boolean;
  stdout: PassThrough;
}

/** Containers that record what is done to them; a holder prints `printed` when it starts. */
function recordingRuntime(o: { printed?: string; startFails?: boolean } = {}) {
  const made: Made[] = [];
  const runtime = {
    async createContainer(spec: ContainerSpec): Promise<Container> {
      const m: Made = { spec, signals: [], forgotten: false, removed: false, stdout: new PassThrough() };
      made.push(m);
      const holder = spec.labels?.['codelocal.role'] === 'network-holder';
      return {
        id: `id${made.length}`,
        name: `c${made.length}`,
        async attach(): Promise<AttachedStreams> {
          return { stdin: new PassThrough(), stdout: m.stdout, stderr: new PassThrough() };
        },
        async start() {
          if (holder && o.startFails) throw new Error('exec: "sleep": executable file not found');
          if (holder) setImmediate(() => m.stdout.write(o.printed ?? PRINTED));
        },
        exec: async () => ({ exitCode: 0, stdout: '', stderr: '' }),
        putArchive: async () => undefined,
        getArchive: async () => new PassThrough(),
        wait: async () => ({ exitCode: 0 }),
        inspect: async () => ({ id: '', name: '', running: !m.gone, exitCode: null, labels: {}, networks: {} }),
        stop: async () => undefined,
        kill: async (signal = 'SIGKILL') => void m.signals.push(signal),
        remove: async () => void (m.removed = true),
        forget: () => void (m.forgotten = true),
      };
    },
  } as unknown as ContainerRuntime;
  return { runtime, made };
}

const holdersIn = (made: Made[]) => made.filter((m) => m.spec.labels?.['codelocal.role'] === 'network-holder');

describe('the printed network files', () => {
  it('are read in order; a file the holder could not read is left out; a partial print is not taken', () => {
    expect(parsePrintedFiles(PRINTED)).toEqual({
      CODELOCAL_ETC_HOSTS: '127.0.0.1\tlocalhost\n10.0.0.2\tholder\n',
      CODELOCAL_ETC_RESOLV_CONF: 'nameserver 127.0.0.11\n',
      CODELOCAL_ETC_HOSTNAME: 'holder\n',
    });
    expect(parsePrintedFiles('hosts\n\u001e\n\u001e-\nname\n\u001e\n')).toEqual({
      CODELOCAL_ETC_HOSTS: 'hosts\n',
      CODELOCAL_ETC_HOSTNAME: 'name\n',
    });
    expect(parsePrintedFiles('hosts\n\u001e\nresolv\n\u001e')).toBeUndefined();
  });

  it('a holder that ends or goes quiet before printing them is refused', async () => {
    const ended = new PassThrough();
    const p = printedFiles(ended);
    ended.end('hosts\n\u001e\n');
    await expect(p).rejects.toThrow(/ended before/);
    await expect(printedFiles(new PassThrough(), 20)).rejects.toThrow(/did not print/);
  });
});

describe('lending network namespaces', () => {
  it('the first build gets a network of its own while a holder starts; later builds join the holder', async () => {
    const { runtime, made } = recordingRuntime();
    const holders = new NetworkHolders(runtime, 'codelocal-aws', ['codelocal-aws:10.0.0.1']);
    expect(await holders.lend('img')).toBeUndefined();
    expect(holdersIn(made)).toHaveLength(1);
    expect(holdersIn(made)[0]!.spec).toMatchObject({
      network: 'codelocal-aws',
      extraHosts: ['codelocal-aws:10.0.0.1'],
      init: true,
      autoRemove: true,
    });
    const lease = await holders.lend('img');
    expect(lease?.networkMode).toBe('container:id1');
    expect(lease?.env.CODELOCAL_ETC_HOSTNAME).toBe('holder\n');
    // Lent: a build alongside gets its own network, and a second holder starts.
    expect(await holders.lend('img')).toBeUndefined();
    expect(holdersIn(made)).toHaveLength(2);
    lease!.release();
    const next = await holders.lend('img');
    expect(next?.networkMode).toBe('container:id1');
    // The first build's later signals (its removal after its attach closed) do not free the holder the next one has.
    lease!.release();
    expect((await holders.lend('img'))?.networkMode).toBe('container:id2');
  });

  it('a holder removed from outside the run is dropped: the build is served as if it had not been there', async () => {
    const { runtime, made } = recordingRuntime();
    const holders = new NetworkHolders(runtime, 'codelocal-aws', []);
    await holders.lend('img');
    await holders.lend('img').then((l) => l!.release());
    holdersIn(made)[0]!.gone = true;
    expect(await holders.lend('img')).toBeUndefined();
    expect(holdersIn(made)[0]!.removed).toBe(true);
    expect(holdersIn(made)).toHaveLength(2);
    expect((await holders.lend('img'))?.networkMode).toBe('container:id2');
  });

  it.each([
    [
      'cannot read one of its network files (nothing to write back)',
      { printed: 'hosts\n\u001e\n\u001e-\nname\n\u001e\n' },
    ],
    ['cannot start', { startFails: true }],
  ])('a holder that %s turns lending off for the run', async (_, failure) => {
    const { runtime, made } = recordingRuntime(failure);
    const holders = new NetworkHolders(runtime, 'codelocal-aws', []);
    expect(await holders.lend('img')).toBeUndefined();
    expect(await holders.lend('img')).toBeUndefined();
    expect(await holders.lend('img')).toBeUndefined();
    expect(holdersIn(made)).toHaveLength(1);
    expect(holdersIn(made)[0]!.removed).toBe(true);
  });

  it('close ends every holder with SIGTERM and leaves the removal to the engine', async () => {
    const { runtime, made } = recordingRuntime();
    const holders = new NetworkHolders(runtime, 'codelocal-aws', []);
    await holders.lend('img');
    await holders.close();
    expect(holdersIn(made).map((m) => [m.signals, m.forgotten])).toEqual([[['SIGTERM'], true]]);
    expect(await holders.lend('img')).toBeUndefined();
    expect(holdersIn(made)).toHaveLength(1);
  });
});

describe('build containers in a lent namespace (build-hooks.ts)', () => {
  const build = (extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
    image: 'img',
    env: { CODELOCAL_NONCE: 'n' },
    labels: { 'codelocal.role': 'build' },
    ...extra,
  });

  async function hooked() {
    const { runtime, made } = recordingRuntime();
    const holders = new NetworkHolders(runtime, 'codelocal-aws', ['codelocal-aws:10.0.0.1']);
    const hooks = withBuildHooks(runtime, {
      network: 'codelocal-aws',
      extraHosts: ['codelocal-aws:10.0.0.1'],
      daemonJson: async () => ({}),
      holders,
    });
    await hooks.createContainer(build()); // a network of its own; the first holder (id1) starts alongside
    return { hooks, made };
  }

  it('a plain build joins the holder, with the network files for its bootstrap, and no network or hosts of its own', async () => {
    const { hooks, made } = await hooked();
    await hooks.createContainer(build());
    const spec = made.at(-1)!.spec;
    expect(spec.network).toBe('container:id1');
    expect(spec.extraHosts).toBeUndefined();
    expect(spec.env).toMatchObject({ CODELOCAL_NONCE: 'n', CODELOCAL_ETC_RESOLV_CONF: 'nameserver 127.0.0.11\n' });
  });

  it('privileged and kept builds get a network of their own', async () => {
    const { hooks, made } = await hooked();
    await hooks.createContainer(build({ privileged: true }));
    await hooks.createContainer(build({ keep: true }));
    expect(made.slice(-2).map((m) => m.spec.network)).toEqual(['codelocal-aws', 'codelocal-aws']);
  });

  it('the holder is lent again only once the build has ended (its attach stream closed)', async () => {
    const { hooks, made } = await hooked();
    const first = await hooks.createContainer(build());
    const streams = await first.attach();
    await hooks.createContainer(build());
    expect(made.at(-1)!.spec.network).toBe('codelocal-aws');
    streams.stdout.resume();
    made.find((m) => m.spec.network === 'container:id1')!.stdout.end();
    await new Promise((r) => setImmediate(r));
    await hooks.createContainer(build());
    expect(made.at(-1)!.spec.network).toBe('container:id1');
  });
});

describe('lent namespaces without the stand-ins (check --run: withLentNetworks)', () => {
  it('holders on the default network; builds join them; other containers pass through unchanged', async () => {
    const { runtime, made } = recordingRuntime();
    const holders = new NetworkHolders(runtime, undefined, []);
    const lent = withLentNetworks(runtime, holders);
    const build = { image: 'img', labels: { 'codelocal.role': 'build' } };
    await lent.createContainer(build);
    expect(made.map((m) => [m.spec.labels?.['codelocal.role'], m.spec.network, m.spec.extraHosts])).toEqual([
      ['network-holder', undefined, undefined],
      ['build', undefined, undefined],
    ]);
    await lent.createContainer(build);
    await lent.createContainer({ image: 'img', labels: { 'codelocal.role': 'ecs-task' } });
    expect(made.slice(2).map((m) => m.spec.network)).toEqual(['container:id1', undefined]);
  });

  it('CODELOCAL_NETWORK_HOLDERS=off, or an engine other than Docker, lends nothing', async () => {
    const engine = (product: string) => ({ info: async () => ({ product }) }) as unknown as ContainerRuntime;
    expect(await canLendNetworks(engine('docker'), {})).toBe(true);
    expect(await canLendNetworks(engine('docker'), { CODELOCAL_NETWORK_HOLDERS: 'off' })).toBe(false);
    expect(await canLendNetworks(engine('podman'), {})).toBe(false);
  });
});
