/** Pure parts of the runtime layer: labels and leftovers, capability masks, image refs, discovery errors, tar. */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { capabilitiesFromMask, boundingSet } from '../../../src/runtime/docker/capabilities.js';
import { discoverEngine } from '../../../src/runtime/docker/discovery.js';
import { splitRepoTag } from '../../../src/runtime/docker/images.js';
import { isLeftover, labelFilters, resourceLabels } from '../../../src/runtime/labels.js';
import { extractTarTo, packEntries, readTarEntries } from '../../../src/archive/index.js';

describe('labels', () => {
  it('stamps tool, run, pid and host; caller labels cannot override them', () => {
    const l = resourceLabels({ runId: 'r1', pid: 42, host: 'h' }, { keep: true, extra: { codelocal: 'no', x: 'y' } });
    expect(l).toEqual({
      codelocal: 'true',
      'codelocal.run-id': 'r1',
      'codelocal.pid': '42',
      'codelocal.host': 'h',
      'codelocal.keep': 'true',
      x: 'y',
    });
    expect(labelFilters({ runId: 'r1', labels: { a: 'b' } })).toEqual(['codelocal=true', 'codelocal.run-id=r1', 'a=b']);
  });

  it('a leftover is from this host, not kept, and its pid is dead', () => {
    const dead = () => false;
    const base = resourceLabels({ runId: 'r', pid: 7, host: 'h' });
    expect(isLeftover(base, 'h', dead)).toBe(true);
    expect(isLeftover(base, 'h', () => true)).toBe(false);
    expect(isLeftover(base, 'other', dead)).toBe(false);
    expect(isLeftover({ ...base, 'codelocal.keep': 'true' }, 'h', dead)).toBe(false);
    expect(isLeftover({ foo: 'bar' }, 'h', dead)).toBe(false);
  });
});

describe('capabilities', () => {
  it('maps a CapBnd mask to names (CAP_SYS_RESOURCE is bit 24)', () => {
    const caps = capabilitiesFromMask('000001fffeffffff');
    expect(caps).toHaveLength(40);
    expect(caps).not.toContain('SYS_RESOURCE');
    expect(caps).toContain('SYS_ADMIN');
    expect(boundingSet('Name:\tnode\nCapBnd:\t00000000a80425fb\n')).toHaveLength(14);
  });
});

describe('image references', () => {
  it('splits repo and tag, minding registry ports and digests', () => {
    expect(splitRepoTag('codelocal/standard:latest')).toEqual({ repo: 'codelocal/standard', tag: 'latest' });
    expect(splitRepoTag('localhost:5000/a/b')).toEqual({ repo: 'localhost:5000/a/b' });
    expect(splitRepoTag('localhost:5000/a/b:1.2')).toEqual({ repo: 'localhost:5000/a/b', tag: '1.2' });
    expect(splitRepoTag('a/b@sha256:abc')).toEqual({ repo: 'a/b' });
  });
});

describe('discovery', () => {
  it('lists every endpoint tried, why it failed, and how to fix it', async () => {
    const err = await discoverEngine({
      env: { XDG_RUNTIME_DIR: '/nonexistent-xdg' },
      dockerHost: 'tcp://127.0.0.1:1',
      defaultSocket: '/nonexistent/docker.sock',
      pingTimeoutMs: 2_000,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DOCKER_UNREACHABLE', kind: 'environment' });
    const details = (err as { details: string[] }).details.join('\n');
    expect(details).toContain('tried dockerHost option tcp://127.0.0.1:1: ECONNREFUSED');
    expect(details).toContain('tried default socket unix:///nonexistent/docker.sock: no such socket file');
    expect(details).toContain('tried rootless socket unix:///nonexistent-xdg/docker.sock: no such socket file');
    expect(details).toContain('apt-get install docker.io && dockerd &');
    expect(details).toContain('DOCKER_HOST');
  });

  it('reports unsupported DOCKER_HOST schemes without trying them', async () => {
    const err = await discoverEngine({
      env: { DOCKER_HOST: 'ssh://user@host' },
      defaultSocket: '/nonexistent/docker.sock',
    }).catch((e: unknown) => e);
    expect((err as { details: string[] }).details[0]).toMatch(
      /DOCKER_HOST ssh:\/\/user@host: scheme ssh: is not supported/,
    );
  });
});

describe('tar', () => {
  it('packs in-memory entries and extracts them with modes and symlinks', async () => {
    const entries = [
      { name: 'top', type: 'directory' as const },
      { name: 'top/a.txt', content: 'A', mode: 0o600 },
      { name: 'top/l', type: 'symlink' as const, linkname: 'a.txt' },
    ];
    const names: string[] = [];
    for await (const e of readTarEntries(packEntries(entries))) names.push(`${e.header.name}:${e.content.length}`);
    expect(names).toEqual(['top:0', 'top/a.txt:1', 'top/l:0']);

    const dir = mkdtempSync(path.join(os.tmpdir(), 'codelocal-tar-'));
    try {
      await extractTarTo(packEntries(entries), dir, { strip: 1 });
      expect(readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('A');
      expect(statSync(path.join(dir, 'a.txt')).mode & 0o777).toBe(0o600);
      expect(readlinkSync(path.join(dir, 'l'))).toBe('a.txt');
      await expect(extractTarTo(packEntries([{ name: '../escape', content: 'x' }]), dir)).rejects.toThrow(/escapes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
