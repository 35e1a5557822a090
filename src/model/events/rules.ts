/**
 * `AWS::Events::Rule` resources of a CloudFormation template, read as EventBridge routes them: an enabled rule on
 * the default bus whose pattern matches a service event starts each CodePipeline target (docs/aws/eventbridge.md
 * §3). This is how the seed wires its triggers: CodeCommit branch updates and ECR pushes to a pipeline ARN.
 */
import { InputError, ValidationError } from '../../errors.js';
import type { ResolvedResource, ResolvedTemplate } from '../cloudformation.js';
import { TEMPLATE_INVALID } from '../cloudformation.js';
import { isNotEvaluated } from '../not-evaluated.js';
import { matchesEventPattern, validateEventPattern } from './pattern.js';
import { isPlainObject } from './pattern-operators.js';
import { INVALID_PATTERN_PREFIX } from './pattern-validate.js';
import type { EventPattern } from './types.js';

export const EVENTS_RULE_RESOURCE = 'AWS::Events::Rule';

export interface EventRuleTarget {
  id: string;
  arn: string;
  /** Set when the ARN names a CodePipeline pipeline (`arn:<partition>:codepipeline:<region>:<account>:<name>`). */
  pipelineName?: string;
}

export interface EventRule {
  logicalId: string;
  /** The `Name` property when set (CloudFormation generates one otherwise). */
  name?: string;
  /** `ENABLED` (the default), `DISABLED` or `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`. */
  state: string;
  /** `default` unless the rule names another bus; service events reach only the default bus (§3.2). */
  eventBusName: string;
  eventPattern: EventPattern;
  targets: EventRuleTarget[];
}

const PIPELINE_ARN = /^arn:[^:]+:codepipeline:[^:]*:[^:]*:([A-Za-z0-9.@\-_]+)$/;

/** The pipeline name in a CodePipeline ARN, or undefined for any other ARN. */
export function pipelineNameOfArn(arn: string): string | undefined {
  return PIPELINE_ARN.exec(arn)?.[1];
}

/** A bus given by name or by ARN (`arn:aws:events:region:account:event-bus/NAME`). */
function busName(value: unknown): string {
  if (typeof value !== 'string' || value === '') return 'default';
  const m = /:event-bus\/(.+)$/.exec(value);
  return m ? m[1]! : value;
}

function readPattern(r: ResolvedResource, problems: InputError[]): EventPattern | undefined {
  let pattern: unknown = r.properties.EventPattern;
  const position = r.positionOf(['EventPattern']);
  // CloudFormation takes the pattern as an object or as its JSON text (docs/aws/eventbridge.md §3.1).
  if (typeof pattern === 'string') {
    try {
      pattern = JSON.parse(pattern);
    } catch {
      problems.push(
        new InputError(TEMPLATE_INVALID, `${r.logicalId}: ${INVALID_PATTERN_PREFIX}Invalid JSON`, { position }),
      );
      return undefined;
    }
  }
  const reasons = validateEventPattern(pattern);
  if (reasons.length > 0) {
    problems.push(
      new InputError(TEMPLATE_INVALID, `${r.logicalId}: ${INVALID_PATTERN_PREFIX}${reasons[0]}`, { position }),
    );
    return undefined;
  }
  return pattern as EventPattern;
}

function readTargets(r: ResolvedResource, problems: InputError[]): EventRuleTarget[] {
  const raw: unknown = r.properties.Targets ?? [];
  if (!Array.isArray(raw)) {
    problems.push(
      new InputError(TEMPLATE_INVALID, `${r.logicalId}: Targets must be a list`, {
        position: r.positionOf(['Targets']),
      }),
    );
    return [];
  }
  const out: EventRuleTarget[] = [];
  raw.forEach((t: unknown, i) => {
    if (!isPlainObject(t) || typeof t.Id !== 'string' || (typeof t.Arn !== 'string' && !isNotEvaluated(t.Arn))) {
      problems.push(
        new InputError(TEMPLATE_INVALID, `${r.logicalId}: each target needs an Id and an Arn`, {
          position: r.positionOf(['Targets', i]),
        }),
      );
      return;
    }
    const arn = String(t.Arn);
    const pipelineName = typeof t.Arn === 'string' ? pipelineNameOfArn(arn) : undefined;
    out.push(pipelineName ? { id: t.Id, arn, pipelineName } : { id: t.Id, arn });
  });
  return out;
}

/**
 * Every event-pattern rule of the template (rules with only a ScheduleExpression are not event rules and are
 * left out). Throws a ValidationError (TEMPLATE_INVALID, file:line:column) for a pattern EventBridge would refuse.
 */
export function rulesFromTemplate(template: ResolvedTemplate): EventRule[] {
  const problems: InputError[] = [];
  const rules: EventRule[] = [];
  for (const r of template.resources.values()) {
    if (r.type !== EVENTS_RULE_RESOURCE || isNotEvaluated(r.properties)) continue;
    if (r.properties.EventPattern === undefined) continue;
    const eventPattern = readPattern(r, problems);
    const targets = readTargets(r, problems);
    if (!eventPattern) continue;
    const name = typeof r.properties.Name === 'string' ? r.properties.Name : undefined;
    rules.push({
      logicalId: r.logicalId,
      ...(name !== undefined ? { name } : {}),
      state: typeof r.properties.State === 'string' ? r.properties.State : 'ENABLED',
      eventBusName: busName(r.properties.EventBusName),
      eventPattern,
      targets,
    });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return rules;
}

/** The rule is live: ENABLED, or enabled with CloudTrail management events (docs/aws/eventbridge.md §3.2). */
function isEnabled(rule: EventRule): boolean {
  return rule.state === 'ENABLED' || rule.state === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
}

/**
 * The pipelines a service event starts: targets of every enabled default-bus rule whose pattern matches, each
 * name once, in rule order (docs/aws/eventbridge.md §3.2).
 */
export function routeEvent(rules: readonly EventRule[], event: unknown): string[] {
  const names: string[] = [];
  for (const rule of rules) {
    if (!isEnabled(rule) || rule.eventBusName !== 'default') continue;
    if (!matchesEventPattern(rule.eventPattern, event)) continue;
    for (const t of rule.targets) if (t.pipelineName && !names.includes(t.pipelineName)) names.push(t.pipelineName);
  }
  return names;
}
