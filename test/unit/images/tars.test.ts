import { execFileSync } from 'node:child_process';
import { chmod, link, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tar from 'tar-stream';
import { deviceNumbers, packDirectory } from '../../../src/archive/index.js';
import {
  contextHash,
  extraCaCertificates,
  packContext,
  readContextFiles,
  type ContextFile,
} from '../../../src/images/build-context.js';

interface Entry {
  name: string;
  type: string;
  mode: number;
  linkname?: string | null;
  body: string;
}

async function entries(stream: Readable): Promise<Map<string, Entry>> {
  const out = new Map<string, Entry>();
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, body, next) => {
      const chunks: Buffer[] = [];
      body.on('data', (c: unknown) => chunks.push(c as Buffer));
      body.on('end', () => {
        out.set(header.name, {
          name: header.name,
          type: header.type ?? 'file',
          mode: header.mode ?? 0,
          linkname: header.linkname,
          body: Buffer.concat(chunks).toString(),
        });
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  stream.pipe(extract as unknown as NodeJS.WritableStream);
  await done;
  return out;
}

describe('packDirectory (rootfs tar)', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'codelocal-rootfs-test-'));
    await mkdir(join(root, 'usr/bin'), { recursive: true });
    await mkdir(join(root, 'proc/1'), { recursive: true });
    await writeFile(join(root, 'usr/bin/su'), 'su binary');
    await chmod(join(root, 'usr/bin/su'), 0o4755);
    await link(join(root, 'usr/bin/su'), join(root, 'usr/bin/su-hardlink'));
    await symlink('su', join(root, 'usr/bin/su-symlink'));
    await writeFile(join(root, 'empty'), '');
    execFileSync('mkfifo', [join(root, 'fifo')]);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('keeps setuid modes, symlinks, hard links and fifos, and skips what it is told to', async () => {
    const got = await entries(packDirectory(root, { skip: (rel) => rel.startsWith('proc/') }));
    expect(got.get('usr/bin/su')).toMatchObject({ type: 'file', mode: 0o4755, body: 'su binary' });
    expect(got.get('usr/bin/su-hardlink')).toMatchObject({ type: 'link', linkname: 'usr/bin/su' });
    expect(got.get('usr/bin/su-symlink')).toMatchObject({ type: 'symlink', linkname: 'su' });
    expect(got.get('fifo')).toMatchObject({ type: 'fifo' });
    expect(got.get('empty')).toMatchObject({ type: 'file', body: '' });
    expect(got.has('proc')).toBe(true);
    expect(got.has('proc/1')).toBe(false);
    // Parents come before children, so an extractor never meets a file before its folder.
    const names = [...got.keys()];
    expect(names.indexOf('usr')).toBeLessThan(names.indexOf('usr/bin/su'));
  });

  it('decodes Linux device numbers like glibc', () => {
    expect(deviceNumbers(0x0103)).toEqual({ major: 1, minor: 3 }); // /dev/null
    expect(deviceNumbers(0x0501)).toEqual({ major: 5, minor: 1 }); // /dev/console
    expect(deviceNumbers(0x10300)).toEqual({ major: 259, minor: 0 }); // nvme
    expect(deviceNumbers(0x100800)).toEqual({ major: 8, minor: 256 }); // minor above 255 uses the high bits
  });
});

describe('build context', () => {
  const file = (path: string, content: string, mode = 0o644): ContextFile => ({
    path,
    mode,
    content: Buffer.from(content),
  });

  it('hash depends on content, mode, path and the base image id, not on file order', () => {
    const a = [file('Dockerfile', 'FROM x'), file('run.sh', 'echo', 0o755)];
    const h = contextHash(a, { base: 'sha256:1' });
    expect(contextHash([...a].reverse(), { base: 'sha256:1' })).toBe(h);
    expect(contextHash(a, { base: 'sha256:2' })).not.toBe(h);
    expect(contextHash([a[0], file('run.sh', 'echo', 0o644)], { base: 'sha256:1' })).not.toBe(h);
    expect(contextHash([a[0], file('run.sh', 'echo!', 0o755)], { base: 'sha256:1' })).not.toBe(h);
  });

  it('packs files with their folders and keeps requested empty folders', async () => {
    const got = await entries(packContext([file('a/b.txt', 'hi')], ['empty-dir']));
    expect(got.get('a')).toMatchObject({ type: 'directory' });
    expect(got.get('a/b.txt')).toMatchObject({ body: 'hi' });
    expect(got.get('empty-dir')).toMatchObject({ type: 'directory' });
  });

  it('reads the standard runner folder with its executable entrypoint', async () => {
    const files = await readContextFiles(join(import.meta.dirname, '../../../runner-images/standard'));
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['Dockerfile', 'runtimes.yml', 'dockerd-entrypoint.sh']));
    expect(files.find((f) => f.path === 'dockerd-entrypoint.sh')?.mode).toBe(0o755);
  });

  it('extra CA certificates: none without a configured file; known ones are dropped', async () => {
    expect(extraCaCertificates({})).toEqual([]);
    const dir = await mkdtemp(join(tmpdir(), 'codelocal-ca-test-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=codelocal-test-ca',
          '-keyout',
          join(dir, 'k.pem'),
          '-out',
          join(dir, 'ca.pem'),
        ],
        { stdio: 'ignore' },
      );
      const extra = extraCaCertificates({ CODELOCAL_EXTRA_CA_CERTS: join(dir, 'ca.pem') }, join(dir, 'none'));
      expect(extra).toHaveLength(1);
      expect(extra[0].path).toMatch(/^codelocal-extra-ca\/[0-9A-F]{16}\.crt$/);
      // The same certificate shipped by the distribution is not "extra".
      await mkdir(join(dir, 'known'));
      execFileSync('cp', [join(dir, 'ca.pem'), join(dir, 'known/ca.crt')]);
      expect(extraCaCertificates({ NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') }, join(dir, 'known'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
