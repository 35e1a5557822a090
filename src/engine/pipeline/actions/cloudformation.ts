/**
 * Deploy `CloudFormation` (docs/aws/codepipeline.md §2.4, §4.2): every ActionMode against a local stack
 * record (src/local-aws/cloudformation/stack-store.ts). The template is validated and resolved the
 * way `codelocal` reads any template, outputs are computed from it, and nothing else happens: no
 * resource is created anywhere, which the action says in one log line.
 *
 * Outputs become the action's variables only in the modes that create or update a stack
 * (CREATE_UPDATE, REPLACE_ON_FAILURE, CHANGE_SET_REPLACE, CHANGE_SET_EXECUTE), and are written as
 * `{OutputKey: value}` JSON to `OutputFileName` in the single output artifact.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { partitionOf, stackId as stackArn } from '../../../model/index.js';
import {
  applyTemplate,
  artifactPath,
  type ChangeSetRecord,
  FAILED_STATES,
  ParameterError,
  parseCapabilities,
  type StackIdentity,
  stackParameters,
  type StackRecord,
  StackStore,
  TemplateApplyError,
  TemplateValidationError,
} from '../../../local-aws/index.js';
import type { ActionContext, ActionProvider, ActionResult } from '../types.js';

const MODES = ['CREATE_UPDATE', 'DELETE_ONLY', 'REPLACE_ON_FAILURE', 'CHANGE_SET_REPLACE', 'CHANGE_SET_EXECUTE'];
/** Templates may be at most 1 MB when read from an artifact. */
const MAX_TEMPLATE_BYTES = 1024 * 1024;

const failed = (summary: string): ActionResult => ({ status: 'Failed', summary });

interface Source {
  template: string;
  templatePath: string;
  parameters: Record<string, string>;
  capabilities: string[];
}

/** Template text, parameters and capabilities of the action; throws ParameterError / TemplateValidationError. */
function readSource(ctx: ActionContext): Source {
  const c = ctx.configuration;
  const { input, file } = artifactPath(c.TemplatePath!, 'TemplatePath', ctx.inputs);
  if (!existsSync(file))
    throw new ParameterError(
      `TemplatePath ${c.TemplatePath}: the file does not exist in artifact ${input.record.name}`,
    );
  if (statSync(file).size > MAX_TEMPLATE_BYTES)
    throw new ParameterError(`TemplatePath ${c.TemplatePath}: templates may be at most 1 MB`);
  return {
    template: readFileSync(file, 'utf8'),
    templatePath: c.TemplatePath!,
    parameters: stackParameters(c, ctx.inputs, ctx.services.region).parameters,
    capabilities: parseCapabilities(c.Capabilities),
  };
}

function identity(ctx: ActionContext): StackIdentity {
  return { accountId: ctx.services.accountId, region: ctx.services.region, stackName: ctx.configuration.StackName! };
}

function newStack(ctx: ActionContext): StackRecord {
  const id = identity(ctx);
  const now = new Date(ctx.services.clock.now()).toISOString();
  return {
    stackName: id.stackName,
    stackId: stackArn({ ...id, ...partitionOf(id.region) }),
    status: 'REVIEW_IN_PROGRESS',
    parameters: {},
    outputs: {},
    resources: [],
    capabilities: [],
    changeSets: {},
    created: now,
    updated: now,
  };
}

/** Creates or updates `stack` from `src`; a resolve failure rolls back like AWS. */
function applyTo(ctx: ActionContext, store: StackStore, existing: StackRecord | undefined, src: Source): ActionResult {
  const creating = !existing || existing.status === 'REVIEW_IN_PROGRESS';
  const stack = existing ?? newStack(ctx);
  stack.updated = new Date(ctx.services.clock.now()).toISOString();
  try {
    const applied = applyTemplate(src.template, src.templatePath, src.parameters, src.capabilities, identity(ctx));
    for (const w of applied.warnings) ctx.log(`template: ${w}`);
    Object.assign(stack, {
      status: creating ? 'CREATE_COMPLETE' : 'UPDATE_COMPLETE',
      template: src.template,
      templatePath: src.templatePath,
      parameters: src.parameters,
      capabilities: src.capabilities,
      outputs: applied.outputs,
      resources: applied.resources,
    });
    delete stack.statusReason;
    store.put(stack);
    ctx.log(`stack ${stack.stackName}: ${stack.status} (${applied.resources.length} resource(s) recorded)`);
    return {
      status: 'Succeeded',
      summary: `stack ${stack.stackName} ${stack.status}`,
      externalExecutionId: stack.stackId,
    };
  } catch (e) {
    if (e instanceof TemplateValidationError) return failed(e.message);
    if (!(e instanceof TemplateApplyError)) throw e;
    // A create that fails leaves a ROLLBACK_COMPLETE stack (only deletable); an update keeps the old state.
    stack.status = creating ? 'ROLLBACK_COMPLETE' : 'UPDATE_ROLLBACK_COMPLETE';
    stack.statusReason = e.message;
    if (creating) Object.assign(stack, { template: src.template, templatePath: src.templatePath, outputs: {} });
    store.put(stack);
    return failed(`stack ${stack.stackName} ${stack.status}: ${e.message}`);
  }
}

function createOrUpdate(ctx: ActionContext, store: StackStore, replace: boolean): ActionResult {
  let existing = store.get(ctx.configuration.StackName!);
  if (existing && FAILED_STATES.includes(existing.status)) {
    if (!replace)
      return failed(
        `Stack:${existing.stackId} is in ${existing.status} state and can not be updated. (REPLACE_ON_FAILURE would replace it)`,
      );
    ctx.log(`stack ${existing.stackName} is ${existing.status}: deleting it and creating it again`);
    store.delete(existing.stackName);
    existing = undefined;
  }
  return applyTo(ctx, store, existing, readSource(ctx));
}

function changeSetReplace(ctx: ActionContext, store: StackStore): ActionResult {
  const name = ctx.configuration.ChangeSetName!;
  const src = readSource(ctx);
  const stack = store.get(ctx.configuration.StackName!) ?? newStack(ctx);
  if (FAILED_STATES.includes(stack.status))
    return failed(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
  const cs: ChangeSetRecord = {
    name,
    changeSetType: stack.status === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE',
    status: 'CREATE_COMPLETE',
    template: src.template,
    templatePath: src.templatePath,
    parameters: src.parameters,
    capabilities: src.capabilities,
    created: new Date(ctx.services.clock.now()).toISOString(),
  };
  let result: ActionResult = { status: 'Succeeded', summary: `change set ${name} of stack ${stack.stackName} created` };
  try {
    applyTemplate(src.template, src.templatePath, src.parameters, src.capabilities, identity(ctx));
  } catch (e) {
    if (e instanceof TemplateValidationError) return failed(e.message);
    if (!(e instanceof TemplateApplyError)) throw e;
    Object.assign(cs, { status: 'FAILED', statusReason: e.message });
    result = failed(`change set ${name} FAILED: ${e.message}`);
  }
  if (stack.changeSets[name]) ctx.log(`replacing the existing change set ${name}`);
  stack.changeSets[name] = cs;
  store.put(stack);
  return { ...result, externalExecutionId: stack.stackId };
}

function changeSetExecute(ctx: ActionContext, store: StackStore): ActionResult {
  const c = ctx.configuration;
  const stack = store.get(c.StackName!);
  const cs = stack?.changeSets[c.ChangeSetName!];
  if (!stack || !cs) return failed(`ChangeSet [${c.ChangeSetName}] does not exist (stack ${c.StackName})`);
  if (cs.status !== 'CREATE_COMPLETE')
    return failed(`ChangeSet [${cs.name}] cannot be executed in its current status of [${cs.status}]`);
  // Executing a change set removes every change set of the stack, as on AWS.
  stack.changeSets = {};
  return applyTo(ctx, store, stack, cs);
}

function deleteOnly(ctx: ActionContext, store: StackStore): ActionResult {
  const stack = store.get(ctx.configuration.StackName!);
  if (!stack)
    return { status: 'Succeeded', summary: `stack ${ctx.configuration.StackName} does not exist: nothing to delete` };
  store.delete(stack.stackName);
  return { status: 'Succeeded', summary: `stack ${stack.stackName} deleted`, externalExecutionId: stack.stackId };
}

function writeOutputFile(ctx: ActionContext, outputs: Record<string, string>): string | undefined {
  const file = ctx.configuration.OutputFileName;
  if (!file) return undefined;
  const slot = ctx.outputs[0];
  if (!slot) return `OutputFileName ${file} needs an output artifact on the action`;
  const path = join(slot.dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(outputs));
  return undefined;
}

async function run(ctx: ActionContext): Promise<ActionResult> {
  const c = ctx.configuration;
  const mode = c.ActionMode ?? '';
  if (!MODES.includes(mode)) return failed(`ActionMode must be one of ${MODES.join(', ')}, got "${mode}"`);
  const store = new StackStore(ctx.services.state.root);
  ctx.log(
    `CloudFormation runs locally: stack ${c.StackName} is a record in ${store.dir}; no AWS resources are created`,
  );
  let result: ActionResult;
  try {
    if (mode === 'DELETE_ONLY') return deleteOnly(ctx, store);
    if (mode === 'CHANGE_SET_REPLACE') result = changeSetReplace(ctx, store);
    else if (mode === 'CHANGE_SET_EXECUTE') result = changeSetExecute(ctx, store);
    else result = createOrUpdate(ctx, store, mode === 'REPLACE_ON_FAILURE');
  } catch (e) {
    if (e instanceof ParameterError || e instanceof TemplateValidationError) return failed(e.message);
    throw e;
  }
  if (result.status !== 'Succeeded') return result;
  const outputs = store.get(c.StackName!)?.outputs ?? {};
  const problem = writeOutputFile(ctx, outputs);
  if (problem) return failed(problem);
  return { ...result, outputVariables: outputs };
}

export const cloudFormationProvider: ActionProvider = {
  types: [{ category: 'Deploy', owner: 'AWS', provider: 'CloudFormation', version: '1' }],
  run,
};
