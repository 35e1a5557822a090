/**
 * `Fn::ForEach` in `Resources` (AWS::LanguageExtensions, docs/aws/codepipeline.md §6.3): expanded when the
 * collection is known locally, skipped with a warning when it is not (docs/fidelity.md), never read as a
 * resource without a Type.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { parseTemplate } from '../../../src/model/cloudformation.js';

const F = '/tmp/foreach.yaml';

const LOOPS = `Transform: AWS::LanguageExtensions
Parameters:
  Services:
    Type: CommaDelimitedList
    Default: orders,billing-api
Resources:
  Fn::ForEach::ServiceBuilds:
    - Service
    - !Ref Services
    - Build&{Service}:
        Type: AWS::CodeBuild::Project
        Properties:
          Name: !Sub 'build-\${Service}'
          Description: { Ref: Service }
          Tags:
            - Key: service
              Value: !Ref Service
  Fn::ForEach::Stages:
    - Stage
    - [dev, prod]
    - Fn::ForEach::Regions:
        - Region
        - [east, west]
        - Queue\${Stage}\${Region}:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: { 'Fn::Sub': 'q-\${Stage}-\${Region}' }
`;

describe('Fn::ForEach (AWS::LanguageExtensions)', () => {
  it('CFN docs Fn::ForEach: one copy per value; ${Id} and &{Id} in keys, Ref and Fn::Sub in values; loops nest', () => {
    const t = parseTemplate(LOOPS, F);
    expect([...t.resources.keys()]).toEqual([
      'Buildorders',
      'Buildbillingapi',
      'Queuedeveast',
      'Queuedevwest',
      'Queueprodeast',
      'Queueprodwest',
    ]);
    expect(t.resources.get('Buildbillingapi')!.properties).toEqual({
      Name: 'build-billing-api',
      Description: 'billing-api',
      Tags: [{ Key: 'service', Value: 'billing-api' }],
    });
    expect(t.resources.get('Queueprodwest')!.properties).toEqual({ QueueName: 'q-prod-west' });
    // Copies point back at the fragment they came from.
    const queueNameLine = LOOPS.split('\n').findIndex((l) => l.includes('QueueName')) + 1;
    expect(t.resources.get('Queueprodwest')!.positionOf(['QueueName'])?.line).toBe(queueNameLine);
  });

  it('docs/fidelity.md: a collection not known locally skips the loop with a warning, not an error', () => {
    const text = LOOPS.replace('- !Ref Services', '- !Split [",", !ImportValue shared-services]');
    const t = parseTemplate(text, F);
    expect([...t.resources.keys()]).not.toContain('Buildorders');
    expect(t.resources.has('Queuedeveast')).toBe(true);
    expect(t.warnings.map((w) => w.message).join('\n')).toContain(
      'Fn::ForEach::ServiceBuilds: its collection is not known locally',
    );
  });

  it('without the AWS::LanguageExtensions transform the loop is refused by name, not as a resource without a Type', () => {
    let messages: string[] = [];
    try {
      parseTemplate(LOOPS.replace('Transform: AWS::LanguageExtensions\n', ''), F);
    } catch (e) {
      messages = (e as ValidationError).problems.map((p) => p.message);
    }
    expect(messages).toContain(
      "'Fn::ForEach::ServiceBuilds' needs 'Transform: AWS::LanguageExtensions' in the template",
    );
    expect(messages.join('\n')).not.toContain('needs a Type');
  });
});
