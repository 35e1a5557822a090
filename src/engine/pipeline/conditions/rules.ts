/**
 * The rules of stage conditions, each run as locally as it can be (docs/aws/codepipeline.md §12.6):
 * VariableCheck and DeploymentWindow are computed here; Commands, LambdaInvoke and CodeBuild rules
 * run through the same providers as the Commands, Lambda invoke and CodeBuild actions (a build
 * container, the local Lambda stand-in), recorded in the history under `<Stage>:<condition>` so their
 * logs are kept without counting as the stage's actions; CloudWatchAlarm needs CloudWatch, which
 * codelocal has not: its state comes from CODELOCAL_ALARM_<name> or the rule errs with its own code.
 */
import type { ActionDeclaration, RuleDeclaration } from '../../../model/index.js';
import type { ExecutionRun } from '../action-attempt.js';
import { runAction } from '../action-runner.js';
import { resolveAction } from '../variables-table.js';
import { CronError, inCronWindow } from './cron-window.js';

export interface RuleOutcome {
  name: string;
  status: 'Succeeded' | 'Failed' | 'Errored';
  summary: string;
  errorCode?: string;
}

/** The rule as an action declaration, so variables resolve and action providers can run it. */
function asAction(rule: RuleDeclaration, actionType?: ActionDeclaration['actionTypeId']): ActionDeclaration {
  return {
    name: rule.name,
    actionTypeId: actionType ?? { category: 'Rule', owner: 'AWS', provider: rule.ruleTypeId.provider, version: '1' },
    runOrder: 1,
    configuration: { ...(rule.configuration ?? {}) },
    inputArtifacts: rule.inputArtifacts ?? [],
    outputArtifacts: [],
    ...(rule.commands ? { commands: rule.commands } : {}),
    ...(rule.region ? { region: rule.region } : {}),
  };
}

function variableCheck(rule: RuleDeclaration, run: ExecutionRun): RuleOutcome {
  const r = resolveAction(asAction(rule), run.table);
  const name = rule.name;
  if (r.unresolved.length > 0) {
    return { name, status: 'Errored', summary: `unresolved: ${r.unresolved.map((u) => u.text).join(', ')}` };
  }
  const { Variable: variable = '', Value: value = '', Operator: op = 'EQ' } = r.configuration;
  let ok: boolean;
  if (op === 'EQ') ok = variable === value;
  else if (op === 'NE') ok = variable !== value;
  else if (op === 'CONTAINS') ok = variable.includes(value);
  else if (op === 'MATCHES') {
    try {
      ok = new RegExp(value).test(variable);
    } catch (e) {
      return { name, status: 'Errored', summary: `Value is not a regular expression: ${(e as Error).message}` };
    }
  } else return { name, status: 'Errored', summary: `unknown Operator ${op} (EQ, NE, CONTAINS, MATCHES)` };
  const text = `'${variable}' ${op} '${value}'`;
  return { name, status: ok ? 'Succeeded' : 'Failed', summary: ok ? `${text} holds` : `${text} does not hold` };
}

function deploymentWindow(rule: RuleDeclaration, run: ExecutionRun): RuleOutcome {
  const { Cron: cron, TimeZone: zone } = rule.configuration ?? {};
  const now = new Date(run.services.clock.now());
  try {
    const inside = inCronWindow(cron ?? '', now, zone || 'UTC');
    return {
      name: rule.name,
      status: inside ? 'Succeeded' : 'Failed',
      summary: `${now.toISOString()} is ${inside ? 'inside' : 'outside'} the window '${cron}' (${zone || 'UTC'})`,
    };
  } catch (e) {
    if (!(e instanceof CronError)) throw e;
    return { name: rule.name, status: 'Errored', summary: `Cron '${cron ?? ''}': ${e.message}` };
  }
}

/** UNCERTAIN: the rule succeeds unless an alarm is in one of AlarmStates (default ALARM). */
function cloudWatchAlarm(rule: RuleDeclaration): RuleOutcome {
  const names = (rule.configuration?.AlarmName ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = (rule.configuration?.AlarmStates ?? 'ALARM').split(',').map((s) => s.trim());
  const envName = (n: string) => `CODELOCAL_ALARM_${n.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
  const missing = names.filter((n) => process.env[envName(n)] === undefined);
  if (names.length === 0 || missing.length > 0) {
    return {
      name: rule.name,
      status: 'Errored',
      errorCode: 'CONDITION_RULE_NOT_EMULATED',
      summary:
        `CloudWatchAlarm rule ${rule.name}: codelocal cannot read CloudWatch alarms; ` +
        `set ${(missing.length ? missing : ['<AlarmName>']).map(envName).join(', ')}=OK|ALARM|INSUFFICIENT_DATA to stand in for the alarm state`,
    };
  }
  const hit = names.find((n) => bad.includes(process.env[envName(n)]!));
  return hit
    ? { name: rule.name, status: 'Failed', summary: `alarm ${hit} is ${process.env[envName(hit)]}` }
    : { name: rule.name, status: 'Succeeded', summary: `alarms ${names.join(', ')} are not in ${bad.join(', ')}` };
}

const THROUGH_ACTIONS: Record<string, ActionDeclaration['actionTypeId']> = {
  Commands: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
  LambdaInvoke: { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' },
  CodeBuild: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
};

/** Runs a rule through the action provider of the matching action type. */
async function throughAction(rule: RuleDeclaration, run: ExecutionRun, label: string): Promise<RuleOutcome> {
  const type = THROUGH_ACTIONS[rule.ruleTypeId.provider]!;
  await run.registry.load([type]);
  const status = await runAction(run, label, asAction(rule, type));
  const rec = run.store
    .listActionExecutions(run.executionId)
    .filter((a) => a.stage === label && a.action === rule.name)
    .pop();
  const summary = rec?.summary ?? `${rule.ruleTypeId.provider} rule ${status}`;
  return { name: rule.name, status: status === 'Succeeded' ? 'Succeeded' : 'Failed', summary };
}

/** Evaluates one rule; `label` is where action-backed rules are recorded (`Stage:beforeEntry`). */
export async function evaluateRule(rule: RuleDeclaration, run: ExecutionRun, label: string): Promise<RuleOutcome> {
  switch (rule.ruleTypeId.provider) {
    case 'VariableCheck':
      return variableCheck(rule, run);
    case 'DeploymentWindow':
      return deploymentWindow(rule, run);
    case 'CloudWatchAlarm':
      return cloudWatchAlarm(rule);
    default:
      if (THROUGH_ACTIONS[rule.ruleTypeId.provider]) return throughAction(rule, run, label);
      return { name: rule.name, status: 'Errored', summary: `unknown rule provider ${rule.ruleTypeId.provider}` };
  }
}
