/**
 * A cross-account action end to end without Docker (fake providers): the run refuses the artifact read
 * the bucket or key policy does not admit, with S3's text (docs/aws/iam.md §3.2–§3.4); lint reports the
 * same pipeline first; `pipeline plan` shows the action's account and what it needs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { lint } from '../../../src/lint/index.js';
import { planPipelineFile } from '../../../src/api/pipeline-plan.js';
import { planJson, renderPlanText } from '../../../src/plan/index.js';
import { BUILD, fakes, openStore, run, SOURCE, type Project } from '../pipeline-engine/helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const TARGET_ROLE = 'arn:aws:iam::999888777666:role/deployer';

interface Variant {
  bucketPrincipal?: unknown;
  keyPrincipal?: unknown;
  encryptionKey?: boolean;
}

function template(v: Variant) {
  const bucketStatements = [
    {
      Effect: 'Allow',
      Principal: { AWS: v.bucketPrincipal ?? '999888777666' },
      Action: ['s3:Get*', 's3:Put*'],
      Resource: 'arn:aws:s3:::xacct-artifacts/*',
    },
  ];
  const keyStatements = [
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' },
    {
      Effect: 'Allow',
      Principal: { AWS: v.keyPrincipal ?? 'arn:aws:iam::999888777666:root' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
    },
  ];
  return {
    Resources: {
      Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'xacct-artifacts' } },
      BucketPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: { Bucket: { Ref: 'Bucket' }, PolicyDocument: { Statement: bucketStatements } },
      },
      Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: keyStatements } } },
      Pipeline: {
        Type: 'AWS::CodePipeline::Pipeline',
        Properties: {
          Name: 'xacct',
          RoleArn: 'arn:aws:iam::123456789012:role/pipeline',
          ArtifactStore: {
            Type: 'S3',
            Location: { Ref: 'Bucket' },
            ...(v.encryptionKey === false
              ? {}
              : { EncryptionKey: { Id: { 'Fn::GetAtt': ['Key', 'Arn'] }, Type: 'KMS' } }),
          },
          Stages: [
            {
              Name: 'Source',
              Actions: [
                {
                  Name: 'Src',
                  ActionTypeId: SOURCE,
                  Configuration: { S3Bucket: 'b', S3ObjectKey: 'k.zip' },
                  OutputArtifacts: [{ Name: 'SourceOutput' }],
                },
              ],
            },
            {
              Name: 'Prod',
              Actions: [
                {
                  Name: 'Deploy',
                  ActionTypeId: BUILD,
                  RoleArn: TARGET_ROLE,
                  Configuration: { ProjectName: 'ok' },
                  InputArtifacts: [{ Name: 'SourceOutput' }],
                },
              ],
            },
          ],
        },
      },
    },
  };
}

function projectOf(v: Variant): Project {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-xacct-'));
  dirs.push(dir);
  const file = join(dir, 'template.json');
  writeFileSync(file, JSON.stringify(template(v), null, 2));
  return { dir, state: join(dir, 'state'), file };
}

async function deployOutcome(p: Project) {
  const r = await run(p, fakes());
  const store = openStore(p);
  const rows = store.listActionExecutions(r.execution.pipelineExecutionId);
  store.close();
  return { status: r.execution.status, deploy: rows.find((a) => a.action === 'Deploy')! };
}

const lintErrors = (p: Project) =>
  lint({ cwd: p.dir, paths: ['template.json'], settings: { rules: new Map(), projectFiles: [], findings: [] } })
    .findings.filter((f) => f.severity === 'error')
    .map((f) => f.ruleId);

describe('cross-account artifacts (docs/aws/iam.md §3)', () => {
  it('§3.3: a bucket policy and key policy admitting the account: the action runs', async () => {
    const p = projectOf({});
    expect(lintErrors(p)).toEqual([]);
    const o = await deployOutcome(p);
    expect(o.status).toBe('Succeeded');
  });

  it('§3.2: the default aws/s3 key: lint says so first, the run fails with the KMS text', async () => {
    const p = projectOf({ encryptionKey: false });
    expect(lintErrors(p)).toContain('cross-account-without-kms');
    const o = await deployOutcome(p);
    expect(o.status).toBe('Failed');
    expect(o.deploy.status).toBe('Failed');
    expect(o.deploy.summary).toMatch(
      /^The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access\. \(Service: Amazon S3; Status Code: 403; Error Code: AccessDenied;/,
    );
  });

  it('§3.3: no bucket policy statement for the account: lint first, the run fails with Access Denied', async () => {
    const p = projectOf({ bucketPrincipal: '111111111111' });
    expect(lintErrors(p)).toEqual(['cross-account-access']);
    const o = await deployOutcome(p);
    expect(o.deploy.status).toBe('Failed');
    expect(o.deploy.summary).toMatch(
      /^Access Denied \(Service: Amazon S3; Status Code: 403; Error Code: AccessDenied;/,
    );
  });

  it('§1.4: a key policy not admitting the account fails the read', async () => {
    const p = projectOf({ keyPrincipal: 'arn:aws:iam::999888777666:role/someone-else' });
    expect(lintErrors(p)).toEqual(['cross-account-access']);
    const o = await deployOutcome(p);
    expect(o.deploy.summary).toMatch(/^The ciphertext refers to a customer master key/);
  });

  it('pipeline plan shows each action account and what it needs', () => {
    const p = projectOf({});
    const text = renderPlanText(planPipelineFile(p.file, { cwd: p.dir, stateDir: p.state }));
    expect(text).toContain(`runs as ${TARGET_ROLE} (account 999888777666, cross-account)`);
    expect(text).toContain('needs s3:GetObject arn:aws:s3:::xacct-artifacts/*');
    expect(text).toContain('needs kms:Decrypt arn:aws:kms:us-east-1:123456789012:key/Key');
    expect(text).toContain('runs as arn:aws:iam::123456789012:role/pipeline (account 123456789012)');
  });

  it('pipeline plan --json: access on each action, the refusal included, no policies dumped', () => {
    const p = projectOf({ encryptionKey: false });
    const json = planJson(planPipelineFile(p.file, { cwd: p.dir, stateDir: p.state })) as {
      stages: { groups: { actions: { name: string; access: Record<string, unknown> }[] }[] }[];
      policies?: unknown;
    };
    expect(json.policies).toBeUndefined();
    const deploy = json.stages[1]!.groups[0]!.actions[0]!;
    expect(deploy.access).toMatchObject({ roleArn: TARGET_ROLE, account: '999888777666', crossAccount: true });
    expect((deploy.access.refused as { fix: string }).fix).toContain('customer-managed AWS::KMS::Key');
  });
});

describe('policies IAM would refuse', () => {
  it('a KeyPolicy statement without Principal: POLICY_INVALID for plan and run, template-invalid in lint', () => {
    const p = projectOf({});
    const t = JSON.parse(JSON.stringify(template({})));
    delete t.Resources.Key.Properties.KeyPolicy.Statement[0].Principal;
    writeFileSync(p.file, JSON.stringify(t, null, 2));
    let caught: unknown;
    try {
      planPipelineFile(p.file, { cwd: p.dir, stateDir: p.state });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const problems = (caught as ValidationError).problems;
    expect(problems.map((x) => x.code)).toEqual(['POLICY_INVALID']);
    expect(problems[0]!.message).toContain('Key.KeyPolicy.Statement[0]: a resource policy statement needs Principal');
    expect(problems[0]!.position?.line).toBeGreaterThan(0);
    expect(lintErrors(p)).toEqual(['template-invalid']);
  });
});
