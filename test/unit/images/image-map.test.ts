import { describe, expect, it } from 'vitest';
import {
  awsNamesFor,
  imageCandidates,
  normalizeImageName,
  parseImageMapFlags,
  resolveImage,
} from '../../../src/images/image-map.js';
import { CodelocalError } from '../../../src/errors.js';
import type { ImageInfo } from '../../../src/runtime/types.js';

/** An engine that has exactly these images. */
function engineWith(...refs: string[]) {
  return {
    async inspect(ref: string): Promise<ImageInfo | undefined> {
      const want = normalizeImageName(ref);
      const found = refs.find((r) => normalizeImageName(r) === want);
      return found ? { id: `sha256:${found}`, tags: [found], labels: {}, created: '', sizeBytes: 0 } : undefined;
    },
  };
}

async function failure(p: Promise<unknown>): Promise<CodelocalError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CodelocalError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('normalizeImageName', () => {
  it('treats public.ecr.aws/codebuild/* as aws/codebuild/*', () => {
    expect(normalizeImageName('public.ecr.aws/codebuild/amazonlinux-x86_64-standard:5.0')).toBe(
      'aws/codebuild/amazonlinux-x86_64-standard:5.0',
    );
  });
  it('adds :latest to untagged names and drops Docker Hub prefixes', () => {
    expect(normalizeImageName('node')).toBe('node:latest');
    expect(normalizeImageName('docker.io/library/node:20')).toBe('node:20');
    expect(normalizeImageName('localhost:5000/team/app')).toBe('localhost:5000/team/app:latest');
  });
});

describe('parseImageMapFlags', () => {
  it('reads repeated AWS=LOCAL values', () => {
    expect(parseImageMapFlags(['aws/codebuild/standard:7.0=my/img:1', 'a=b=c'])).toEqual({
      'aws/codebuild/standard:7.0': 'my/img:1',
      a: 'b=c',
    });
  });
  it('rejects a value without both sides as an input error', () => {
    for (const bad of ['nothing', '=x', 'x=']) {
      expect(() => parseImageMapFlags([bad])).toThrowError(/AWS_IMAGE=LOCAL_IMAGE/);
    }
    try {
      parseImageMapFlags(['nothing']);
    } catch (e) {
      expect((e as CodelocalError).kind).toBe('input');
      expect((e as CodelocalError).code).toBe('IMAGE_MAP_INVALID');
    }
  });
});

describe('resolveImage', () => {
  const standard = 'codelocal/standard:latest';

  it.each([
    'aws/codebuild/standard:7.0',
    'aws/codebuild/standard:6.0',
    'aws/codebuild/standard:8.0',
    'aws/codebuild/amazonlinux2-x86_64-standard:5.0',
    'aws/codebuild/amazonlinux-x86_64-standard:5.0',
    'public.ecr.aws/codebuild/amazonlinux-x86_64-standard:5.0',
  ])('maps %s to codelocal/standard through the built-in map', async (aws) => {
    const r = await resolveImage(aws, engineWith(standard));
    expect(r).toMatchObject({ requested: aws, image: standard, rule: 'builtin', id: `sha256:${standard}` });
    expect(r.source).toContain('built-in map');
  });

  it('notes where a mapped image is only an approximation', async () => {
    const r = await resolveImage('aws/codebuild/standard:8.0', engineWith(standard));
    expect(r.note).toMatch(/approximation/);
  });

  it('a flag beats the config, which beats the built-in map', async () => {
    const engine = engineWith(standard, 'flag/img:1', 'config/img:1');
    const overrides = {
      flag: { 'aws/codebuild/standard:7.0': 'flag/img:1' },
      config: { 'aws/codebuild/standard:7.0': 'config/img:1' },
    };
    expect(await resolveImage('aws/codebuild/standard:7.0', engine, overrides)).toMatchObject({
      image: 'flag/img:1',
      rule: 'flag',
      source: '--image-map aws/codebuild/standard:7.0=flag/img:1',
    });
    expect(await resolveImage('aws/codebuild/standard:7.0', engine, { config: overrides.config })).toMatchObject({
      image: 'config/img:1',
      rule: 'config',
    });
  });

  it('an override keyed by the public.ecr.aws name applies to the aws/codebuild name and back', async () => {
    const engine = engineWith('mine:1');
    const r = await resolveImage('aws/codebuild/amazonlinux-x86_64-standard:5.0', engine, {
      config: { 'public.ecr.aws/codebuild/amazonlinux-x86_64-standard:5.0': 'mine:1' },
    });
    expect(r).toMatchObject({ image: 'mine:1', rule: 'config' });
  });

  it('a missing override target is an IMAGE_MISSING error, not a silent fallback to the built-in map', async () => {
    const e = await failure(
      resolveImage('aws/codebuild/standard:7.0', engineWith(standard), {
        flag: { 'aws/codebuild/standard:7.0': 'gone:1' },
      }),
    );
    expect(e.code).toBe('IMAGE_MISSING');
    expect(e.kind).toBe('environment');
    expect(e.message).toContain('gone:1');
    expect(e.message).toContain('--image-map');
  });

  it('prefers a local image of exactly the requested AWS name over the built-in map', async () => {
    const r = await resolveImage('aws/codebuild/standard:7.0', engineWith(standard, 'aws/codebuild/standard:7.0'));
    expect(r).toMatchObject({ image: 'aws/codebuild/standard:7.0', rule: 'local' });
  });

  it('uses an unmapped name that exists locally as is', async () => {
    const r = await resolveImage('node:20', engineWith('node:20'));
    expect(r).toMatchObject({ image: 'node:20', rule: 'local' });
  });

  it('a built-in name before `images build` fails with IMAGE_MISSING naming the fix', async () => {
    const e = await failure(resolveImage('aws/codebuild/standard:7.0', engineWith()));
    expect(e.code).toBe('IMAGE_MISSING');
    expect(e.message).toContain('codelocal/standard:latest');
    expect(e.details.join('\n')).toContain('codelocal images build');
  });

  it('an unknown, absent name fails with IMAGE_MISSING explaining how to map it', async () => {
    const e = await failure(resolveImage('aws/codebuild/windows-base:2019-2.0', engineWith(standard)));
    expect(e.code).toBe('IMAGE_MISSING');
    expect(e.details.join('\n')).toContain('--image-map aws/codebuild/windows-base:2019-2.0=');
  });
});

describe('imageCandidates', () => {
  it('lists the rules in the order they are tried', () => {
    const rules = imageCandidates('aws/codebuild/standard:7.0', {
      flag: { 'aws/codebuild/standard:7.0': 'a' },
      config: { 'aws/codebuild/standard:7.0': 'b' },
    }).map((c) => c.rule);
    expect(rules).toEqual(['flag', 'config', 'local', 'builtin']);
  });
});

describe('awsNamesFor', () => {
  it('lists every built-in AWS name of codelocal/standard', () => {
    expect(awsNamesFor('codelocal/standard:latest')).toEqual([
      'aws/codebuild/standard:7.0',
      'aws/codebuild/standard:6.0',
      'aws/codebuild/standard:8.0',
      'aws/codebuild/amazonlinux-x86_64-standard:5.0',
      'aws/codebuild/amazonlinux2-x86_64-standard:5.0',
    ]);
  });
  it('moves an overridden AWS name to its override target', () => {
    const overrides = { config: { 'aws/codebuild/standard:8.0': 'mine:1' } };
    expect(awsNamesFor('codelocal/standard:latest', overrides)).not.toContain('aws/codebuild/standard:8.0');
    expect(awsNamesFor('mine:1', overrides)).toEqual(['aws/codebuild/standard:8.0']);
  });
});
