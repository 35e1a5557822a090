/**
 * The IAM evaluator against the shapes of the IAM documentation's examples: Deny precedence, principals,
 * wildcards, NotX elements, conditions, same- versus cross-account (docs/aws/iam.md).
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { evaluatePolicy, parsePolicy, principalOf, type AccessRequest } from '../../../src/model/index.js';

const A = '111122223333';
const B = '444455556666';
const BUCKET = 'arn:aws:s3:::artifacts';
const ROLE_B = `arn:aws:iam::${B}:role/deploy`;
const SESSION_B = `arn:aws:sts::${B}:assumed-role/deploy/codepipeline`;

const policy = (...Statement: unknown[]) => parsePolicy({ Version: '2012-10-17', Statement }, 'test');
const req = (who: string, action: string, resource: string, context = {}): AccessRequest => ({
  principal: principalOf(who),
  action,
  resource,
  context,
});
const decide = (p: ReturnType<typeof policy>, r: AccessRequest, extra = {}) =>
  evaluatePolicy(p, r, { resourceAccount: A, ...extra }).decision;

const readForB = (principal: unknown) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: ['s3:Get*'],
  Resource: `${BUCKET}/*`,
});

describe('iam.md §2.1: principals', () => {
  it('account root, bare account id, role ARN and * admit a session of the role', () => {
    for (const p of [
      { AWS: `arn:aws:iam::${B}:root` },
      { AWS: B },
      { AWS: ROLE_B },
      '*',
      { AWS: '*' },
      { AWS: [A, B] },
    ]) {
      expect(decide(policy(readForB(p)), req(SESSION_B, 's3:GetObject', `${BUCKET}/x.zip`))).toBe('Allow');
    }
  });
  it('another account, another role or a service principal does not admit the role', () => {
    for (const p of [{ AWS: A }, { AWS: `arn:aws:iam::${B}:role/other` }, { Service: 'codepipeline.amazonaws.com' }]) {
      expect(decide(policy(readForB(p)), req(SESSION_B, 's3:GetObject', `${BUCKET}/x.zip`))).toBe('ImplicitDeny');
    }
  });
  it('a session ARN admits that session only', () => {
    const p = policy(readForB({ AWS: SESSION_B }));
    expect(decide(p, req(SESSION_B, 's3:GetObject', `${BUCKET}/a`))).toBe('Allow');
    expect(decide(p, req(`arn:aws:sts::${B}:assumed-role/deploy/other`, 's3:GetObject', `${BUCKET}/a`))).toBe(
      'ImplicitDeny',
    );
  });
  it('a Service principal admits that service', () => {
    const p = policy(readForB({ Service: 'codepipeline.amazonaws.com' }));
    const r = {
      ...req('x', 's3:GetObject', `${BUCKET}/a`),
      principal: { arn: 'service', service: 'codepipeline.amazonaws.com' },
    };
    expect(decide(p, r)).toBe('Allow');
  });
  it('a partial wildcard in a principal is rejected, as IAM does', () => {
    expect(() => policy(readForB({ AWS: 'arn:aws:iam::*:root' }))).toThrow(InputError);
  });
});

describe('iam.md §1.1: an explicit Deny wins', () => {
  it('whatever the order of statements', () => {
    const deny = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `${BUCKET}/*` };
    const r = req(SESSION_B, 's3:GetObject', `${BUCKET}/a`);
    expect(decide(policy(readForB({ AWS: B }), deny), r)).toBe('ExplicitDeny');
    expect(decide(policy(deny, readForB({ AWS: B })), r)).toBe('ExplicitDeny');
  });
  it('an identity-policy Deny also wins over a resource-policy Allow', () => {
    const identity = [
      parsePolicy({ Statement: { Effect: 'Deny', Action: '*', Resource: '*' } }, 'id', { kind: 'identity' }),
    ];
    expect(decide(policy(readForB({ AWS: B })), req(SESSION_B, 's3:GetObject', `${BUCKET}/a`), { identity })).toBe(
      'ExplicitDeny',
    );
  });
  it('the walkthrough bucket policy: Deny unencrypted puts, allow encrypted ones', () => {
    const p = policy(
      {
        Sid: 'DenyUnEncryptedObjectUploads',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: `${BUCKET}/*`,
        Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
      },
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${B}:root` },
        Action: ['s3:Get*', 's3:Put*'],
        Resource: `${BUCKET}/*`,
      },
    );
    const put = (enc?: string) =>
      req(SESSION_B, 's3:PutObject', `${BUCKET}/o`, enc ? { 's3:x-amz-server-side-encryption': enc } : {});
    expect(decide(p, put('aws:kms'))).toBe('Allow');
    expect(decide(p, put('AES256'))).toBe('ExplicitDeny');
    // A negated operator holds for an absent key (§2.5): no header is denied too.
    expect(decide(p, put())).toBe('ExplicitDeny');
  });
});

describe('iam.md §2.3, §2.4: actions and resources', () => {
  it('actions ignore case and take * and ?', () => {
    const p = policy({ Effect: 'Allow', Principal: { AWS: B }, Action: 'S3:get*', Resource: '*' });
    expect(decide(p, req(SESSION_B, 's3:GetObjectVersion', `${BUCKET}/a`))).toBe('Allow');
    const q = policy({ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:GetObjec?', Resource: '*' });
    expect(decide(q, req(SESSION_B, 's3:GetObject', `${BUCKET}/a`))).toBe('Allow');
    expect(decide(q, req(SESSION_B, 's3:GetObjectAcl', `${BUCKET}/a`))).toBe('ImplicitDeny');
  });
  it('resources keep case; the bucket ARN is not bucket/*', () => {
    const p = policy(readForB({ AWS: B }));
    expect(decide(p, req(SESSION_B, 's3:GetObject', 'arn:aws:s3:::Artifacts/a'))).toBe('ImplicitDeny');
    expect(decide(p, req(SESSION_B, 's3:GetObject', BUCKET))).toBe('ImplicitDeny');
  });
  it('a wildcard stays inside its ARN segment', () => {
    const p = policy({
      Effect: 'Allow',
      Principal: { AWS: B },
      Action: 'kms:*',
      Resource: 'arn:aws:kms:*:111122223333:key/*',
    });
    expect(decide(p, req(SESSION_B, 'kms:Decrypt', `arn:aws:kms:eu-west-1:${A}:key/k1`))).toBe('Allow');
    expect(decide(p, req(SESSION_B, 'kms:Decrypt', `arn:aws:kms:eu-west-1:x:${A}:key/k1`))).toBe('ImplicitDeny');
  });
  it('NotAction with Deny denies everything else; NotResource excludes', () => {
    const p = policy(
      { Effect: 'Allow', Principal: { AWS: B }, Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', Principal: '*', NotAction: 's3:GetObject', Resource: '*' },
    );
    expect(decide(p, req(SESSION_B, 's3:GetObject', `${BUCKET}/a`))).toBe('Allow');
    expect(decide(p, req(SESSION_B, 's3:DeleteObject', `${BUCKET}/a`))).toBe('ExplicitDeny');
    const q = policy({ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:*', NotResource: `${BUCKET}/secret/*` });
    expect(decide(q, req(SESSION_B, 's3:GetObject', `${BUCKET}/secret/a`))).toBe('ImplicitDeny');
    expect(decide(q, req(SESSION_B, 's3:GetObject', `${BUCKET}/public/a`))).toBe('Allow');
  });
  it('NotPrincipal with Deny: everyone but the listed principal', () => {
    const p = policy(
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
      { Effect: 'Deny', NotPrincipal: { AWS: ROLE_B }, Action: 's3:*', Resource: '*' },
    );
    expect(decide(p, req(SESSION_B, 's3:GetObject', `${BUCKET}/a`))).toBe('Allow');
    expect(decide(p, req(`arn:aws:iam::${A}:role/other`, 's3:GetObject', `${BUCKET}/a`))).toBe('ExplicitDeny');
  });
});

describe('iam.md §2.5, §2.6: conditions', () => {
  const withCondition = (Condition: unknown) =>
    policy({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition });
  const kms = (context = {}) => req(SESSION_B, 'kms:Decrypt', `arn:aws:kms:us-east-1:${A}:key/k`, context);

  it('keys the evaluator fills in: aws:PrincipalAccount, aws:PrincipalArn, kms:CallerAccount', () => {
    expect(decide(withCondition({ StringEquals: { 'aws:PrincipalAccount': B } }), kms())).toBe('Allow');
    expect(decide(withCondition({ StringEquals: { 'kms:CallerAccount': A } }), kms())).toBe('ImplicitDeny');
    expect(decide(withCondition({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${B}:role/dep*` } }), kms())).toBe(
      'Allow',
    );
    expect(decide(withCondition({ ArnEquals: { 'aws:PrincipalArn': ROLE_B } }), kms())).toBe('Allow');
  });
  it('values of one key OR; keys and operators AND', () => {
    const p = withCondition({
      StringEquals: { 'kms:ViaService': ['s3.us-east-1.amazonaws.com', 's3.eu-west-1.amazonaws.com'] },
      StringLike: { 'aws:PrincipalAccount': '4444*' },
    });
    expect(decide(p, kms({ 'kms:ViaService': 's3.eu-west-1.amazonaws.com' }))).toBe('Allow');
    expect(decide(p, kms({ 'kms:ViaService': 'lambda.us-east-1.amazonaws.com' }))).toBe('ImplicitDeny');
    expect(decide(p, kms())).toBe('ImplicitDeny');
  });
  it('IfExists holds for an absent key; Null tests presence; condition keys ignore case', () => {
    const p = withCondition({ StringEqualsIfExists: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } });
    expect(decide(p, kms())).toBe('Allow');
    expect(decide(p, kms({ 'kms:ViaService': 'x' }))).toBe('ImplicitDeny');
    expect(decide(withCondition({ Null: { 'aws:SourceAccount': 'true' } }), kms())).toBe('Allow');
    expect(decide(withCondition({ Null: { 'aws:SourceAccount': 'false' } }), kms())).toBe('ImplicitDeny');
    expect(decide(withCondition({ StringEquals: { 'AWS:SOURCEACCOUNT': A } }), kms({ 'aws:SourceAccount': A }))).toBe(
      'Allow',
    );
  });
  it('Bool and Numeric operators', () => {
    expect(
      decide(withCondition({ Bool: { 'aws:SecureTransport': 'true' } }), kms({ 'aws:SecureTransport': true })),
    ).toBe('Allow');
    expect(
      decide(withCondition({ Bool: { 'aws:SecureTransport': 'true' } }), kms({ 'aws:SecureTransport': false })),
    ).toBe('ImplicitDeny');
    expect(decide(withCondition({ NumericLessThanEquals: { 's3:max-keys': '10' } }), kms({ 's3:max-keys': 10 }))).toBe(
      'Allow',
    );
    expect(decide(withCondition({ NumericGreaterThan: { 's3:max-keys': '10' } }), kms({ 's3:max-keys': 10 }))).toBe(
      'ImplicitDeny',
    );
  });
  it('ForAnyValue / ForAllValues', () => {
    const any = withCondition({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env', 'team'] } });
    const all = withCondition({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } });
    expect(decide(any, kms({ 'aws:TagKeys': ['env', 'cost'] }))).toBe('Allow');
    expect(decide(all, kms({ 'aws:TagKeys': ['env', 'cost'] }))).toBe('ImplicitDeny');
    expect(decide(all, kms({ 'aws:TagKeys': ['env'] }))).toBe('Allow');
    // An absent key: ForAllValues holds, ForAnyValue does not (§2.6).
    expect(decide(all, kms())).toBe('Allow');
    expect(decide(any, kms())).toBe('ImplicitDeny');
  });
});

describe('iam.md §1.2–§1.4: same account, cross account, KMS', () => {
  const roleA = `arn:aws:iam::${A}:role/pipeline`;
  const identityAllowing = [
    parsePolicy({ Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } }, 'id', { kind: 'identity' }),
  ];
  const nothing = [
    parsePolicy({ Statement: { Effect: 'Allow', Action: 'sqs:*', Resource: '*' } }, 'id', { kind: 'identity' }),
  ];
  it('same account: an identity Allow alone is enough', () => {
    expect(
      decide(policy(readForB({ AWS: B })), req(roleA, 's3:GetObject', `${BUCKET}/a`), { identity: identityAllowing }),
    ).toBe('Allow');
  });
  it('cross account: the resource policy must admit the caller AND the identity policy must allow', () => {
    const r = req(SESSION_B, 's3:GetObject', `${BUCKET}/a`);
    expect(decide(policy(readForB({ AWS: A })), r, { identity: identityAllowing })).toBe('ImplicitDeny');
    expect(decide(policy(readForB({ AWS: B })), r, { identity: nothing })).toBe('ImplicitDeny');
    expect(decide(policy(readForB({ AWS: B })), r, { identity: identityAllowing })).toBe('Allow');
    // No identity policies known: assumed to allow what the resource policy grants (docs/fidelity.md).
    expect(decide(policy(readForB({ AWS: B })), r)).toBe('Allow');
  });
  it('KMS: the key policy must allow even in its own account; the account grant delegates to IAM', () => {
    const keyPolicy = policy({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${A}:root` },
      Action: 'kms:*',
      Resource: '*',
    });
    const kmsIdentity = [
      parsePolicy({ Statement: { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' } }, 'i', { kind: 'identity' }),
    ];
    const r = req(roleA, 'kms:Decrypt', `arn:aws:kms:us-east-1:${A}:key/k`);
    const kms = { resourcePolicyRequired: true };
    expect(decide(keyPolicy, r, { ...kms, identity: kmsIdentity })).toBe('Allow');
    expect(decide(keyPolicy, r, { ...kms, identity: nothing })).toBe('ImplicitDeny');
    const other = policy({ Effect: 'Allow', Principal: { AWS: B }, Action: 'kms:*', Resource: '*' });
    expect(decide(other, r, { ...kms, identity: kmsIdentity })).toBe('ImplicitDeny');
  });
  it('the reason names the principal and the action', () => {
    const d = evaluatePolicy(policy(readForB({ AWS: A })), req(SESSION_B, 's3:GetObject', `${BUCKET}/a`), {
      resourceAccount: A,
    });
    expect(d.reason).toContain(SESSION_B);
    expect(d.reason).toContain('s3:GetObject');
  });
});

describe('parsePolicy', () => {
  it('reads JSON text (RepositoryPolicyText) and single values', () => {
    const p = parsePolicy(
      JSON.stringify({ Statement: { Effect: 'Allow', Principal: { AWS: B }, Action: 'ecr:BatchGetImage' } }),
      'r',
    );
    expect(p.statements[0]!.action).toEqual(['ecr:BatchGetImage']);
    expect(p.statements[0]!.resource).toBeUndefined();
  });
  it('rejects what IAM rejects, naming the statement', () => {
    expect(() => parsePolicy({ Statement: [{ Effect: 'Maybe', Principal: '*', Action: '*' }] }, 'p')).toThrow(
      /p\.Statement\[0\]: Effect/,
    );
    expect(() => parsePolicy({ Statement: [{ Effect: 'Allow', Action: '*' }] }, 'p')).toThrow(/needs Principal/);
    expect(() => parsePolicy({ Statement: [{ Effect: 'Allow', Principal: '*' }] }, 'p')).toThrow(/Action or NotAction/);
    expect(() => parsePolicy('{nope', 'p')).toThrow(/not JSON/);
  });
});
