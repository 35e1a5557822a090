/*
 * AWS::Events::Rule resources read from a template and events routed to pipelines as EventBridge does
 * (docs/aws/eventbridge.md §3.1, §3.2), with the trigger wiring the seed document describes.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../src/errors.js';
import {
  codeCommitReferenceEvent,
  ecrImagePushEvent,
  parseTemplate,
  pipelineNameOfArn,
  routeEvent,
  rulesFromTemplate,
} from '../../../../src/model/index.js';

const CTX = { account: '123456789012', region: 'us-east-1' };

/** Our own template in the seed's form: a branch rule by !Sub, an ECR rule by !GetAtt, a disabled one by !Ref. */
const TEMPLATE = `
Resources:
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      Name: app-pipeline
  DeployPipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      Name: deploy-pipeline
  BranchTrigger:
    Type: AWS::Events::Rule
    Properties:
      EventPattern:
        source: [aws.codecommit]
        detail-type: [CodeCommit Repository State Change]
        detail:
          event: [referenceCreated, referenceUpdated]
          referenceType: [branch]
          referenceName: [main]
      Targets:
        - Arn: !Sub 'arn:aws:codepipeline:\${AWS::Region}:\${AWS::AccountId}:\${Pipeline}'
          Id: CodePipelineTarget
  ImageTrigger:
    Type: AWS::Events::Rule
    Properties:
      Name: image-pushed
      EventPattern: '{"source":["aws.ecr"],"detail-type":["ECR Image Action"],"detail":{"action-type":["PUSH"],"repository-name":["myapp"],"image-tag":["latest"]}}'
      Targets:
        - Arn: !GetAtt DeployPipeline.Arn
          Id: Deploy
        - Arn: arn:aws:sns:us-east-1:123456789012:topic
          Id: Topic
  Disabled:
    Type: AWS::Events::Rule
    Properties:
      State: DISABLED
      EventPattern: { source: [aws.ecr] }
      Targets:
        - Arn: !Join [':', [arn:aws:codepipeline, !Ref AWS::Region, !Ref AWS::AccountId, !Ref Pipeline]]
          Id: T
  Nightly:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(1 day)
      Targets:
        - { Arn: !GetAtt Pipeline.Arn, Id: N }
`;

describe('rulesFromTemplate (docs/aws/eventbridge.md §3.1)', () => {
  const rules = rulesFromTemplate(parseTemplate(TEMPLATE, 't.yaml'));
  it('reads event rules with their state, bus and pipeline targets', () => {
    expect(rules.map((r) => [r.logicalId, r.state, r.eventBusName])).toEqual([
      ['BranchTrigger', 'ENABLED', 'default'],
      ['ImageTrigger', 'ENABLED', 'default'],
      ['Disabled', 'DISABLED', 'default'],
    ]);
    expect(rules[0]!.targets).toEqual([
      {
        id: 'CodePipelineTarget',
        arn: 'arn:aws:codepipeline:us-east-1:123456789012:app-pipeline',
        pipelineName: 'app-pipeline',
      },
    ]);
    expect(rules[1]!.name).toBe('image-pushed');
    expect(rules[1]!.targets.map((t) => t.pipelineName)).toEqual(['deploy-pipeline', undefined]);
    expect(rules[2]!.targets[0]!.pipelineName).toBe('app-pipeline');
  });
  it('parses a pattern given as JSON text', () => {
    expect(rules[1]!.eventPattern).toMatchObject({ source: ['aws.ecr'] });
  });
  it('refuses a pattern EventBridge refuses, at the pattern position', () => {
    const bad = `Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        source: aws.ecr\n`;
    try {
      rulesFromTemplate(parseTemplate(bad, 'bad.yaml'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      const err = e as ValidationError;
      expect(err.code).toBe('TEMPLATE_INVALID');
      expect(err.message).toContain('Event pattern is not valid. Reason: "source" must be an object or an array');
      expect(err.position).toMatchObject({ file: 'bad.yaml', line: 6 });
    }
  });
});

describe('routeEvent (docs/aws/eventbridge.md §3.2)', () => {
  const rules = rulesFromTemplate(parseTemplate(TEMPLATE, 't.yaml'));
  const push = (branch: string, type: 'branch' | 'tag' = 'branch') =>
    codeCommitReferenceEvent(CTX, {
      repositoryName: 'app',
      referenceType: type,
      referenceName: branch,
      commitId: 'b'.repeat(40),
      oldCommitId: 'a'.repeat(40),
    });
  it('a push to main starts the pipeline the rule targets', () => {
    expect(routeEvent(rules, push('main'))).toEqual(['app-pipeline']);
  });
  it('another branch or a tag named main starts nothing', () => {
    expect(routeEvent(rules, push('dev'))).toEqual([]);
    expect(routeEvent(rules, push('main', 'tag'))).toEqual([]);
  });
  it('an image push starts the deploy pipeline; the disabled rule does not fire', () => {
    const e = ecrImagePushEvent(CTX, {
      repositoryName: 'myapp',
      imageTag: 'latest',
      imageDigest: 'sha256:' + '0'.repeat(64),
    });
    expect(routeEvent(rules, e)).toEqual(['deploy-pipeline']);
    const other = ecrImagePushEvent(CTX, { repositoryName: 'myapp', imageTag: 'v2', imageDigest: 'sha256:1' });
    expect(routeEvent(rules, other)).toEqual([]);
  });
  it('rules on a custom bus do not see service events', () => {
    const custom = rules.map((r) => ({ ...r, eventBusName: 'custom' }));
    expect(routeEvent(custom, push('main'))).toEqual([]);
  });
});

describe('pipelineNameOfArn', () => {
  it('reads pipeline ARNs in every partition and nothing else', () => {
    expect(pipelineNameOfArn('arn:aws:codepipeline:us-east-1:123456789012:p1')).toBe('p1');
    expect(pipelineNameOfArn('arn:aws-cn:codepipeline:cn-north-1:123456789012:p-2')).toBe('p-2');
    expect(pipelineNameOfArn('arn:aws:codebuild:us-east-1:123456789012:project/p')).toBeUndefined();
  });
});
