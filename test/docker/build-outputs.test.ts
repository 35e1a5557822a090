/**
 * Artifacts, reports and the cache against a real container (docs/aws/codebuild.md §1.9–§1.11, §8 items 22, 23, 26).
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uploadArtifacts, type UploadArtifactsOptions } from '../../src/engine/codebuild/artifact-upload.js';
import { restoreCache, saveCache, type CacheSyncOptions } from '../../src/engine/codebuild/cache-sync.js';
import { collectReports } from '../../src/engine/codebuild/reports.js';
import type { ArtifactSpec, CacheSpec, ReportSpec } from '../../src/model/buildspec-types.js';
import { defaultProject } from '../../src/model/project-types.js';
import { extractZip, packEntries } from '../../src/archive/index.js';
import type { Container } from '../../src/runtime/types.js';
import { CacheStore } from '../../src/stores/cache-store.js';
import { LocalS3Store } from '../../src/stores/s3-store.js';
import { describeDocker, ensureTinyImage, getRuntime } from './helpers.js';

const SRC = '/codebuild/output/src1/src';
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/reports');
const pos = { file: 'buildspec.yml', line: 1, column: 1 };

let tmp: string;
let image: string;
let s3: LocalS3Store;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'codelocal-outputs-'));
  s3 = new LocalS3Store(path.join(tmp, 's3'));
  image = await ensureTinyImage(await getRuntime());
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function container(script: string): Promise<Container> {
  const runtime = await getRuntime();
  const c = await runtime.createContainer({ image, cmd: ['sleep', '300'], labels: { 'codelocal.role': 'test' } });
  await c.start();
  const r = await c.exec(['sh', '-c', `set -e; mkdir -p ${SRC}; cd ${SRC}; ${script}`]);
  if (r.exitCode !== 0) throw new Error(`setup failed: ${r.stderr}`);
  return c;
}

function artifact(files: string[], extra: Partial<ArtifactSpec> = {}): ArtifactSpec {
  return {
    files: files.map((value) => ({ value, pos })),
    discardPaths: false,
    excludePaths: [],
    enableSymlinks: false,
    pos,
    ...extra,
  };
}

async function unzip(file: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmp, 'unzip-'));
  await extractZip(file, dir);
  return dir;
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    if (lstatSync(full).isDirectory()) out.push(...listFiles(full, rel));
    else out.push(rel);
  }
  return out;
}

describeDocker('build outputs: artifacts', () => {
  let c: Container;
  beforeAll(async () => {
    c = await container(
      [
        'mkdir -p my-build-1 my-build-2/my-subdirectory .hidden',
        'echo one > my-build-1/my-file-1.txt',
        'echo two > my-build-2/my-file-2.txt',
        'echo three > my-build-2/my-subdirectory/my-file-3.txt',
        'echo secret > .hidden/dot.txt',
        'printf "#!/bin/sh\\necho hi\\n" > run.sh && chmod 755 run.sh',
        'ln -s my-build-1/my-file-1.txt link.txt',
        'ln -s my-build-2 dirlink',
      ].join('; '),
    );
  });
  afterAll(async () => c?.remove());

  const opts = (spec: ArtifactSpec, key: string, extra: Partial<UploadArtifactsOptions> = {}) => {
    const log: string[] = [];
    return {
      log,
      o: {
        container: c,
        srcDir: SRC,
        spec,
        target: { s3, bucket: 'artifacts', key },
        log: (m: string) => log.push(m),
        ...extra,
      },
    };
  };

  it("docs/aws/codebuild.md §1.10: files **/* with base-directory 'my-build*' and discard-paths gives my-file-1.txt, my-file-2.txt, my-file-3.txt", async () => {
    const { o, log } = opts(artifact(['**/*'], { baseDirectory: 'my-build*', discardPaths: true }), 'doc/example2.zip');
    const r = await uploadArtifacts({ ...o, buildArn: 'arn:aws:codebuild:us-east-1:123456789012:build/p:1' });
    if (!r.ok) throw new Error(r.context.message);
    expect(r.location).toBe('arn:aws:s3:::artifacts/doc/example2.zip');
    expect(r.files).toBe(3);
    const bytes = readFileSync(r.localPath);
    expect(r.sha256sum).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(r.md5sum).toBe(createHash('md5').update(bytes).digest('hex'));
    const dir = await unzip(r.localPath);
    expect(listFiles(dir).join(', ')).toBe('my-file-1.txt, my-file-2.txt, my-file-3.txt');
    expect(readFileSync(path.join(dir, 'my-file-3.txt'), 'utf8')).toBe('three\n');
    expect(log.at(-1)).toBe('Found 3 file(s)');
    expect((await s3.head('artifacts', 'doc/example2.zip'))?.metadata['codebuild-buildarn']).toBe(
      'arn:aws:codebuild:us-east-1:123456789012:build/p:1',
    );
  });

  it('docs/aws/codebuild.md §1.10: files */my-file-3.txt with base-directory my-build-2 gives my-subdirectory/my-file-3.txt (unpacked with --artifacts)', async () => {
    const unpackTo = path.join(tmp, 'unpacked-1');
    const { o } = opts(artifact(['*/my-file-3.txt'], { baseDirectory: 'my-build-2' }), 'doc/example1.zip', {
      unpackTo,
    });
    const r = await uploadArtifacts(o);
    if (!r.ok) throw new Error(r.context.message);
    expect(listFiles(unpackTo)).toEqual(['my-subdirectory/my-file-3.txt']);
    expect(r.unpackedTo).toBe(unpackTo);
  });

  it('docs/aws/codebuild.md §1.10/§4.2: no match fails CLIENT_ERROR no matching artifact paths found and stores nothing', async () => {
    const { o, log } = opts(artifact(['imagedefinitions.json']), 'nomatch.zip');
    const r = await uploadArtifacts(o);
    expect(r).toEqual({
      ok: false,
      context: { statusCode: 'CLIENT_ERROR', message: 'no matching artifact paths found' },
    });
    expect(log.slice(-2)).toEqual([
      'Expanding imagedefinitions.json',
      'Skipping invalid file path imagedefinitions.json',
    ]);
    expect(await s3.exists('artifacts', 'nomatch.zip')).toBe(false);
  });

  it('a missing file under an existing base directory is no matching artifact paths, a missing base is no base', async () => {
    const r1 = await uploadArtifacts(opts(artifact(['nothing/*.txt'], { baseDirectory: 'my-build-2' }), 'x1.zip').o);
    expect(!r1.ok && r1.context.message).toBe('no matching artifact paths found');
    const r2 = await uploadArtifacts(opts(artifact(['**/*'], { baseDirectory: 'cdk.out' }), 'x2.zip').o);
    expect(!r2.ok && r2.context.message).toBe('no matching base directory path found for cdk.out');
  });

  it('keeps file modes and dot files; exclude-paths drops what it names', async () => {
    const { o } = opts(artifact(['**/*'], { excludePaths: ['my-build-2', 'dirlink'] }), 'modes.zip');
    const r = await uploadArtifacts(o);
    if (!r.ok) throw new Error(r.context.message);
    const dir = await unzip(r.localPath);
    expect(listFiles(dir)).toEqual(['.hidden/dot.txt', 'link.txt', 'my-build-1/my-file-1.txt', 'run.sh']);
    expect(statSync(path.join(dir, 'run.sh')).mode & 0o777).toBe(0o755);
  });

  it('docs/aws/codebuild.md §1.10: enable-symlinks keeps links; without it a link to a file stores the content and a link to a folder is left out', async () => {
    const kept = await uploadArtifacts(
      opts(artifact(['link.txt', 'dirlink'], { enableSymlinks: true }), 'links-on.zip').o,
    );
    if (!kept.ok) throw new Error(kept.context.message);
    const on = await unzip(kept.localPath);
    expect(readlinkSync(path.join(on, 'link.txt'))).toBe('my-build-1/my-file-1.txt');
    expect(readlinkSync(path.join(on, 'dirlink'))).toBe('my-build-2');

    const followed = await uploadArtifacts(opts(artifact(['link.txt', 'dirlink']), 'links-off.zip').o);
    if (!followed.ok) throw new Error(followed.context.message);
    const off = await unzip(followed.localPath);
    expect(lstatSync(path.join(off, 'link.txt')).isFile()).toBe(true);
    expect(readFileSync(path.join(off, 'link.txt'), 'utf8')).toBe('one\n');
    expect(existsSync(path.join(off, 'dirlink'))).toBe(false);
  });

  it('reads a bind-mounted source from the host folder', async () => {
    const host = path.join(tmp, 'host-src');
    mkdirSync(path.join(host, 'dist'), { recursive: true });
    writeFileSync(path.join(host, 'dist', 'app.js'), 'console.log(1)\n');
    symlinkSync('app.js', path.join(host, 'dist', 'alias.js'));
    const r = await uploadArtifacts(
      opts(artifact(['dist/**/*'], { enableSymlinks: true }), 'host.zip', { hostSrcDir: host }).o,
    );
    if (!r.ok) throw new Error(r.context.message);
    const dir = await unzip(r.localPath);
    expect(listFiles(dir)).toEqual(['dist/alias.js', 'dist/app.js']);
    expect(readlinkSync(path.join(dir, 'dist', 'alias.js'))).toBe('app.js');
  });
});

describeDocker('build outputs: reports', () => {
  let c: Container;
  beforeAll(async () => {
    c = await container('mkdir -p reports/junit reports/coverage');
    await c.putArchive(
      packEntries([
        { name: 'reports/junit/results.xml', content: readFileSync(path.join(FIXTURES, 'junit-nested.xml')) },
        { name: 'reports/coverage/clover.xml', content: readFileSync(path.join(FIXTURES, 'clover.xml')) },
      ]),
      SRC,
    );
  });
  afterAll(async () => c?.remove());

  const spec = (name: string, files: string[], extra: Partial<ReportSpec> = {}): ReportSpec => ({
    name,
    files,
    discardPaths: false,
    fileFormat: 'JUNITXML',
    pos,
    ...extra,
  });

  it('docs/aws/codebuild.md §7.2: parses JUnit and Clover groups; Clover declared JUNITXML is a processing error, not a crash', async () => {
    const log: string[] = [];
    const reportsDir = path.join(tmp, 'reports-out');
    const reports = await collectReports({
      container: c,
      srcDir: SRC,
      reports: [
        spec('unit', ['**/*.xml'], { baseDirectory: 'reports/junit' }),
        spec('coverage', ['reports/coverage/clover.xml'], { fileFormat: 'CLOVERXML' }),
        spec('wrong', ['reports/coverage/clover.xml']),
        spec('missing', ['nope/*.xml']),
      ],
      projectName: 'demo',
      region: 'us-east-1',
      accountId: '123456789012',
      buildArn: 'arn:aws:codebuild:us-east-1:123456789012:build/demo:1',
      reportsDir,
      log: (m) => log.push(m),
    });
    expect(reports.map((r) => [r.name, r.type, r.status])).toEqual([
      ['demo-unit', 'TEST', 'FAILED'],
      ['demo-coverage', 'CODE_COVERAGE', 'SUCCEEDED'],
      ['demo-wrong', 'TEST', 'FAILED'],
    ]);
    expect(reports[0]!.testSummary?.total).toBe(6);
    expect(reports[0]!.testCases![0]!.testRawDataPath).toBe(`${SRC}/reports/junit/results.xml`);
    expect(reports[1]!.codeCoverageSummary?.lineCoveragePercentage).toBe(75);
    expect(log).toContain(
      `[demo-wrong: [error processing report: [${SRC}/reports/coverage/clover.xml: expected element type <testsuite> but have <coverage>]]]`,
    );
    expect(log).toContain('Skipping invalid file path nope/*.xml');
    expect(JSON.parse(readFileSync(path.join(reportsDir, 'demo-unit.json'), 'utf8')).testSummary.total).toBe(6);
  });
});

describeDocker('build outputs: cache', () => {
  const project = defaultProject('cache-demo');
  const store = () => new CacheStore(path.join(tmp, 'cache'));
  const cache = (extra: Partial<CacheSpec> = {}): CacheSpec => ({
    paths: ['node_modules/**/*', '/root/.m2/**/*'],
    fallbackKeys: [],
    pos,
    ...extra,
  });
  const setup =
    'mkdir -p node_modules/.bin /root/.m2/repository; echo lib > node_modules/lib.js; echo bin > node_modules/.bin/tool; echo jar > /root/.m2/repository/a.jar; echo src > main.js';
  const containers: Container[] = [];
  afterAll(async () => {
    for (const c of containers) await c.remove();
  });
  async function fresh(script = ''): Promise<Container> {
    const c = await container(script || 'true');
    containers.push(c);
    return c;
  }
  const run = (c: Container, extra: Partial<CacheSyncOptions>) => {
    const log: string[] = [];
    return {
      log,
      o: {
        container: c,
        srcDir: SRC,
        cache: cache(),
        project,
        store: store(),
        log: (m: string) => log.push(m),
        ...extra,
      },
    };
  };

  it('docs/aws/codebuild.md §4.2: no cache section logs Cache is not defined and Skip cache due to: no paths specified to be cached', async () => {
    const c = await fresh();
    const { o, log } = run(c, { cache: undefined });
    expect(await restoreCache(o)).toEqual({ action: 'skipped' });
    expect(log).toEqual([
      'Cache is not defined in the buildspec',
      'Skip cache due to: no paths specified to be cached',
    ]);
  });

  it('docs/aws/codebuild.md §8 item 26: a keyed cache saved once restores in the next build and is immutable', async () => {
    const first = await fresh(setup);
    const saved = await saveCache(run(first, { key: 'npm-abc' }).o);
    expect(saved).toMatchObject({ action: 'saved', key: 'npm-abc' });

    const second = await fresh();
    const { o, log } = run(second, { key: 'npm-abc' });
    expect(await restoreCache(o)).toEqual({ action: 'restored', key: 'npm-abc' });
    expect(log).toEqual(['Restoring cache with key npm-abc']);
    const r = await second.exec([
      'sh',
      '-c',
      `cat ${SRC}/node_modules/lib.js ${SRC}/node_modules/.bin/tool /root/.m2/repository/a.jar; test ! -e ${SRC}/main.js`,
    ]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('lib\nbin\njar\n');

    const again = run(second, { key: 'npm-abc' });
    expect(await saveCache(again.o)).toEqual({ action: 'exists', key: 'npm-abc' });
    expect(again.log).toEqual(['Cache with key npm-abc already exists: not saved']);
  });

  it('docs/aws/codebuild.md §8 item 26: a new key misses, then a fallback key restores by prefix', async () => {
    const c = await fresh();
    const miss = run(c, { key: 'npm-zzz' });
    expect(await restoreCache(miss.o)).toEqual({ action: 'missed', key: 'npm-zzz' });
    const fb = run(c, { key: 'npm-zzz', cache: cache({ fallbackKeys: ['npm-'] }) });
    expect(await restoreCache(fb.o)).toEqual({ action: 'restored', key: 'npm-abc' });
    expect(fb.log).toEqual(['Restoring cache with fallback key npm- (entry npm-abc)']);
  });

  it('docs/aws/codebuild.md §1.11: action restore never saves, action save never restores', async () => {
    const c = await fresh(setup);
    expect(await saveCache(run(c, { key: 'only-restore', cache: cache({ action: 'restore' }) }).o)).toEqual({
      action: 'skipped',
    });
    expect(await restoreCache(run(c, { key: 'npm-abc', cache: cache({ action: 'save' }) }).o)).toEqual({
      action: 'skipped',
    });
  });

  it('paths that match nothing store no entry (a keyed entry would be pinned to nothing)', async () => {
    const c = await fresh();
    const { o, log } = run(c, { key: 'empty-key' });
    expect(await saveCache(o)).toEqual({ action: 'skipped', key: 'empty-key' });
    expect(log).toEqual(['Saving cache with key empty-key', 'Skip cache due to: no matching cache paths found']);
    expect(store().has('cache-demo', 'empty-key')).toBe(false);
  });

  it('an un-keyed cache is replaced by every save', async () => {
    const c = await fresh(setup);
    expect(await saveCache(run(c, {}).o)).toMatchObject({ action: 'saved' });
    await c.exec(['sh', '-c', `echo v2 > ${SRC}/node_modules/lib.js`]);
    expect(await saveCache(run(c, {}).o)).toMatchObject({ action: 'saved' });
    const d = await fresh();
    const { o, log } = run(d, {});
    expect(await restoreCache(o)).toEqual({ action: 'restored' });
    expect(log).toEqual(['Restoring cache']);
    expect((await d.exec(['cat', `${SRC}/node_modules/lib.js`])).stdout).toBe('v2\n');
  });
});
