import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SecretMasker } from '../../../src/stores/masking.js';

async function through(masker: SecretMasker, chunks: (string | Buffer)[], maxBuffer?: number): Promise<string[]> {
  const t = masker.createStream({ maxBuffer });
  const emitted: string[] = [];
  t.on('data', (d: string) => emitted.push(d));
  const done = new Promise((r) => t.on('end', r));
  for (const c of chunks) t.write(c);
  t.end();
  await done;
  return emitted;
}

describe('secret masking (docs/aws/codebuild.md §1.5)', () => {
  it('docs/aws/codebuild.md §8.18: masks registered values as ***, longest first', () => {
    const m = new SecretMasker();
    m.addAll(['abc', 'abcdef', '', 'x']);
    expect(m.mask('token abcdef and abc and x')).toBe('token *** and *** and x');
    expect(m.size).toBe(2);
  });

  it('masks AWS access key ids by shape (AKIA/ASIA + 16)', () => {
    const m = new SecretMasker();
    expect(m.mask('id=AKIAIOSFODNN7EXAMPLE end')).toBe('id=*** end');
    expect(m.mask('ASIAY34FZKBOKMUTVV7A')).toBe('***');
    expect(m.mask('AKIAIOSFODNN7EXAMPLEXX')).toBe('AKIAIOSFODNN7EXAMPLEXX');
    expect(m.mask('AKIA-short')).toBe('AKIA-short');
  });

  it('escapes regex characters in secrets', () => {
    const m = new SecretMasker();
    m.add('p@ss.w*rd(1)$');
    expect(m.mask('pw=p@ss.w*rd(1)$ other=pXssXwXrd')).toBe('pw=*** other=pXssXwXrd');
  });

  it('never emits a secret split across chunk boundaries', async () => {
    const m = new SecretMasker();
    m.add('s3cr3t-value');
    const out = await through(m, ['echo s3c', 'r3t-', 'value done\nnext s3cr3t', '-value']);
    expect(out.join('')).toBe('echo *** done\nnext ***');
    expect(out.some((c) => c.includes('s3c'))).toBe(false);
  });

  it('keeps multi-byte characters split across Buffer chunks intact', async () => {
    const m = new SecretMasker();
    m.add('clé-secrète');
    const bytes = Buffer.from('a clé-secrète é\n');
    const out = await through(m, [bytes.subarray(0, 4), bytes.subarray(4, 9), bytes.subarray(9)]);
    expect(out.join('')).toBe('a *** é\n');
  });

  it('a very long line without newline is emitted before the end, still without splitting a secret', async () => {
    const m = new SecretMasker();
    m.add('TOPSECRET');
    const chunks = [`${'.'.repeat(95)}TOPS`, 'ECRET', '.'.repeat(100)];
    const out = await through(m, chunks, 50);
    expect(out.length).toBeGreaterThan(1);
    expect(out.join('')).toBe(`${'.'.repeat(95)}***${'.'.repeat(100)}`);
    expect(out.some((c) => /TOPS|ECRET/.test(c))).toBe(false);
  });

  it('maskSafePrefix holds back a partial secret and moves the cut before a secret that straddles it', () => {
    const m = new SecretMasker();
    m.add('0123456789abcdefghijklmn'); // 24 chars: longer than an access key id
    const { out, rest } = m.maskSafePrefix('xxxxxxxx0123456789abcdefghij');
    expect(out + rest).toBe('xxxxxxxx0123456789abcdefghij');
    expect(out).toBe('xxxxx');
    const straddle = m.maskSafePrefix(`${'a'.repeat(10)}0123456789abcdefghijklmn${'b'.repeat(10)}`);
    expect(straddle).toEqual({ out: 'a'.repeat(10), rest: `0123456789abcdefghijklmn${'b'.repeat(10)}` });
    const full = m.maskSafePrefix(`${'y'.repeat(30)}0123456789abcdefghijklmn${'z'.repeat(30)}`);
    expect(full.out).toContain('***');
  });

  it('multi-line secrets are masked line by line too', async () => {
    const m = new SecretMasker();
    m.add('-----BEGIN KEY-----\nMIIEvQIBADANBg\n-----END KEY-----');
    const out = await through(m, ['-----BEGIN KEY-----\n', 'MIIEvQIBADANBg\n']);
    expect(out.join('')).toBe('***\n***\n');
  });

  it('passes through a stream unchanged when there is nothing to mask', async () => {
    const m = new SecretMasker();
    const src = new PassThrough();
    const t = m.createStream();
    let got = '';
    t.on('data', (d: string) => (got += d));
    src.pipe(t);
    src.end('plain\ntext');
    await new Promise((r) => t.on('end', r));
    expect(got).toBe('plain\ntext');
  });
});

describe('SecretMasker.maskDeep (issue 17: every channel of a Build agrees)', () => {
  it('masks every string of an object, including ones JSON would escape', () => {
    const m = new SecretMasker();
    const secret = 'p"a\\ss\u00e9\nword';
    m.add(secret);
    const build = {
      id: 'b:1',
      exportedEnvironmentVariables: [{ name: 'TOKEN', value: secret }],
      phases: [{ contexts: [{ message: `failed: ${secret}` }], durationInSeconds: 3 }],
      nothing: null,
      ok: true,
    };
    // The JSON text holds the escaped form, which a text replacement over JSON cannot see.
    expect(m.mask(JSON.stringify(build))).toContain('p\\"a\\\\ss');
    const masked = m.maskDeep(build);
    expect(JSON.stringify(masked)).not.toContain('a\\\\ss');
    expect(masked.exportedEnvironmentVariables[0]!.value).toBe('***');
    expect(masked.phases[0]!.contexts[0]!.message).toBe('failed: ***');
    expect(masked.phases[0]!.durationInSeconds).toBe(3);
    expect(masked.nothing).toBeNull();
    expect(build.exportedEnvironmentVariables[0]!.value).toBe(secret); // the original is left alone
  });
});
