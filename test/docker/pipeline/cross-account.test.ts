/**
 * A cross-account action against the engine (docs/accounts.md): with a bucket policy and a key policy that
 * admit the production account the action runs, and `aws sts get-caller-identity` inside its build answers
 * with that account (docs/aws/iam.md §3.1); without the bucket statement, or with the default aws/s3 key, it
 * fails with S3's text before any container starts (§3.4).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { LocalS3Store } from '../../../src/stores/s3-store.js';
import { createZip } from '../../../src/archive/index.js';
import { describeDocker } from '../helpers.js';
import { gitRepo, runIn, type Repo } from './harness.js';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'accounts', 'cross-account.yaml');

async function projectWith(edit: (template: string) => string): Promise<{ repo: Repo; file: string }> {
  const repo = await gitRepo({ 'README.md': '# app\n' });
  const src = mkdtempSync(join(tmpdir(), 'codelocal-xacct-src-'));
  writeFileSync(join(src, 'app.txt'), 'artifact read in production\n');
  const zip = join(src, 'app.zip');
  await createZip([{ path: 'app.txt', file: join(src, 'app.txt') }], zip);
  const s3 = new LocalS3Store(join(repo.state, 's3'));
  s3.createBucket('app-source');
  await s3.putObject('app-source', 'app.zip', { file: zip });
  const file = join(repo.dir, 'pipeline.yaml');
  const original = readFileSync(FIXTURE, 'utf8');
  const edited = edit(original);
  writeFileSync(file, edited);
  return { repo, file };
}

const whoAmI = (r: Awaited<ReturnType<typeof runIn>>) =>
  r.execution.actionExecutionDetails.find((a) => a.actionName === 'WhoAmI')!;

describeDocker('pipeline: a cross-account action', () => {
  let admitted: Awaited<ReturnType<typeof runIn>>;
  beforeAll(async () => {
    const p = await projectWith((t) => t);
    admitted = await runIn(p.repo, p.file);
    if (admitted.execution.status !== 'Succeeded') console.error(admitted.log);
  }, 300_000);

  it('docs/aws/iam.md §3.1, §3.3: admitted by both policies, it runs as the production role', () => {
    expect(admitted.execution.status).toBe('Succeeded');
    expect(admitted.log).toContain('[Production.WhoAmI] 999888777666');
    expect(admitted.log).toContain('[Production.WhoAmI] artifact read in production');
  });

  it('docs/aws/iam.md §3.3: S3 calls the build makes itself follow the bucket policy (no ListBucket granted)', () => {
    expect(admitted.log).toContain(
      'An error occurred (AccessDenied) when calling the ListObjectsV2 operation: Access Denied',
    );
    expect(admitted.log).toContain('[Production.WhoAmI] listing refused');
  });

  it('docs/aws/iam.md §3.3, §3.4: without the bucket statement the read fails with Access Denied', async () => {
    const p = await projectWith((t) =>
      t.replace(
        'AWS: arn:aws:iam::999888777666:role/codepipeline-cross-account-role',
        'AWS: arn:aws:iam::111111111111:root',
      ),
    );
    const r = await runIn(p.repo, p.file);
    expect(r.execution.status).toBe('Failed');
    expect(whoAmI(r).status).toBe('Failed');
    expect(whoAmI(r).output.executionResult.externalExecutionSummary).toMatch(
      /^Access Denied \(Service: Amazon S3; Status Code: 403; Error Code: AccessDenied;/,
    );
    expect(r.log).not.toContain('999888777666\n');
  });

  it('docs/aws/iam.md §3.2, §3.4: with the default aws/s3 key the read fails with the KMS text', async () => {
    const p = await projectWith((t) =>
      t.replace(/ {8}EncryptionKey:\n {10}Id: !GetAtt ArtifactKey.Arn\n {10}Type: KMS\n/, ''),
    );
    const r = await runIn(p.repo, p.file);
    expect(r.execution.status).toBe('Failed');
    expect(whoAmI(r).output.executionResult.externalExecutionSummary).toMatch(
      /^The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access\./,
    );
    expect(r.log).toContain('aws/s3');
  });
});
