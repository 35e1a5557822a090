/** Pure parts of the runtime layer: labels and leftovers, capability masks, image refs, discovery errors, tar. */
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      env: { XDG_RUNTIME_DIR: '/nonexistent-xdg', HOME: '/nonexistent-home' },
      defaultSocket: '/nonexistent/docker.sock',
      pingTimeoutMs: 2_000,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DOCKER_UNREACHABLE', kind: 'environment' });
    const details = (err as { details: string[] }).details.join('\n');
    expect(details).toContain('tried default socket unix:///nonexistent/docker.sock: no such socket file');
    expect(details).toContain('tried rootless socket unix:///nonexistent-xdg/docker.sock: no such socket file');
    expect(details).toContain('apt-get install docker.io && dockerd &');
    expect(details).toContain('DOCKER_HOST');
  });

  // Issue 17: DOCKER_HOST is a hard choice (docker, act, gitlab-ci-local): no fallback to the local socket.
  it('uses only the engine DOCKER_HOST names, and says so when it does not answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codelocal-sock-'));
    const socket = join(dir, 'docker.sock');
    writeFileSync(socket, ''); // exists, so the chain would have tried it
    const err = await discoverEngine({
      dockerHost: 'tcp://127.0.0.1:1',
      defaultSocket: socket,
      env: { HOME: dir },
      pingTimeoutMs: 2_000,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DOCKER_UNREACHABLE', kind: 'environment' });
    expect((err as Error).message).toBe('the Docker engine named by dockerHost option did not answer');
    const details = (err as { details: string[] }).details.join('\n');
    expect(details).toContain('tried dockerHost option tcp://127.0.0.1:1: ECONNREFUSED');
    expect(details).not.toContain('default socket');
    expect(details).toContain('no fallback to another engine');
  });

  it('follows DOCKER_CONTEXT (and the CLI current context) to the endpoint it names, and only there', async () => {
    const home = mkdtempSync(join(tmpdir(), 'codelocal-ctx-'));
    const id = createHash('sha256').update('remote').digest('hex');
    mkdirSync(join(home, 'contexts', 'meta', id), { recursive: true });
    writeFileSync(
      join(home, 'contexts', 'meta', id, 'meta.json'),
      JSON.stringify({ Name: 'remote', Endpoints: { docker: { Host: 'tcp://127.0.0.1:1' } } }),
    );
    for (const env of [
      { DOCKER_CONFIG: home, DOCKER_CONTEXT: 'remote' },
      { DOCKER_CONFIG: home, _config: writeFileSync(join(home, 'config.json'), '{"currentContext":"remote"}') },
    ]) {
      const err = await discoverEngine({
        env: env as NodeJS.ProcessEnv,
        defaultSocket: '/var/run/docker.sock',
        pingTimeoutMs: 2_000,
      }).catch((e: unknown) => e);
      expect((err as Error).message).toMatch(/named by (DOCKER_CONTEXT|docker context) remote did not answer/);
      expect((err as { details: string[] }).details.join('\n')).toContain('tcp://127.0.0.1:1');
    }
    const unknown = await discoverEngine({ env: { DOCKER_CONFIG: home, DOCKER_CONTEXT: 'nope' } }).catch(
      (e: unknown) => e,
    );
    expect((unknown as { details: string[] }).details[0]).toContain('context "nope" names no Docker endpoint');
  });

  it('reports unsupported DOCKER_HOST schemes without trying them', async () => {
    const err = await discoverEngine({
      env: { DOCKER_HOST: 'fd://3' },
      defaultSocket: '/nonexistent/docker.sock',
    }).catch((e: unknown) => e);
    expect((err as { details: string[] }).details[0]).toMatch(
      /DOCKER_HOST fd:\/\/3: scheme fd: is not supported \(use unix:\/\/, tcp:\/\/ or ssh:\/\/\)/,
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
