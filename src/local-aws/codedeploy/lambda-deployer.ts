/**
 * A local CodeDeploy deployment to Lambda (codedeploy.md §8): BeforeAllowTraffic hook, the alias moved
 * from CurrentVersion to TargetVersion, AfterAllowTraffic hook. There are no function versions locally:
 * the alias is a record in the state folder (`codedeploy/lambda-aliases.json`), so a later deployment's
 * CurrentVersion is checked against it. A failed AfterAllowTraffic hook with automatic rollback moves the
 * alias back, as a new deployment.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LambdaFunctionConfig } from '../../workspace/index.js';
import { InputError } from '../../errors.js';
import { LAMBDA_CONFIGS } from './deployment-config.js';
import { GroupStore, newDeploymentId, type DeploymentGroup } from './group.js';
import type { LambdaAppSpec, LambdaHookEvent } from './lambda-appspec.js';
import { runHookFunction, type LambdaHookAccess } from './lambda-hooks.js';

export interface LambdaDeployRequest {
  stateRoot: string;
  group: DeploymentGroup;
  spec: LambdaAppSpec;
  /** The functions declared in codelocal.yml (hook functions must be among them). */
  functions: Record<string, LambdaFunctionConfig>;
  /** Opened once the AppSpec checked out. */
  access(): Promise<LambdaHookAccess>;
  log(line: string): void;
  output(text: string): void;
  signal: AbortSignal;
}

export interface LambdaDeployResult {
  deploymentId: string;
  status: 'Succeeded' | 'Failed';
  failure?: string;
  rollback?: { deploymentId: string; status: 'Succeeded' };
}

class AliasStore {
  private readonly file: string;
  constructor(stateRoot: string) {
    this.file = join(stateRoot, 'codedeploy', 'lambda-aliases.json');
  }
  private all(): Record<string, string> {
    return existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>) : {};
  }
  get(fn: string, alias: string): string | undefined {
    return this.all()[`${fn}:${alias}`];
  }
  set(fn: string, alias: string, version: string): void {
    const all = { ...this.all(), [`${fn}:${alias}`]: version };
    mkdirSync(join(this.file, '..'), { recursive: true });
    writeFileSync(`${this.file}.tmp`, JSON.stringify(all, null, 2));
    renameSync(`${this.file}.tmp`, this.file);
  }
}

function check(req: LambdaDeployRequest, aliases: AliasStore): void {
  const t = req.spec.target;
  if (!req.group.lambdaConfig)
    throw new InputError(
      'CODEDEPLOY_CONFIG_MISMATCH',
      `deployment group ${req.group.application}/${req.group.name} has the EC2/on-premises configuration ${req.group.config?.name}, but ${req.spec.file} is a Lambda AppSpec`,
    );
  for (const [event, fn] of Object.entries(req.spec.hooks))
    if (!req.functions[fn])
      throw new InputError(
        'CODEDEPLOY_HOOK_NOT_DECLARED',
        `the ${event} hook function ${fn} is not declared locally: add lambda.functions.${fn} (handler, runtime, code) to codelocal.yml`,
      );
  const now = aliases.get(t.name, t.alias);
  // UNCERTAIN: what AWS does when CurrentVersion is not the alias's version; codelocal refuses.
  if (now !== undefined && now !== t.currentVersion)
    throw new InputError(
      'CODEDEPLOY_ALIAS_MISMATCH',
      `alias ${t.alias} of ${t.name} points to version ${now} locally, but the AppSpec's CurrentVersion is ${t.currentVersion}`,
    );
}

async function hook(req: LambdaDeployRequest, access: LambdaHookAccess, id: string, event: LambdaHookEvent) {
  const fn = req.spec.hooks[event];
  if (!fn) return undefined;
  req.log(`${event}: invoking ${fn}`);
  const r = await runHookFunction(access, {
    deploymentId: id,
    functionName: fn,
    fn: req.functions[fn]!,
    output: req.output,
    signal: req.signal,
  });
  if (r === 'Succeeded') return undefined;
  return r === 'Timeout'
    ? `${event} hook ${fn} did not call PutLifecycleEventHookExecutionStatus in time`
    : `${event} hook ${fn} reported Failed`;
}

export async function deployLambdaRevision(req: LambdaDeployRequest): Promise<LambdaDeployResult> {
  const aliases = new AliasStore(req.stateRoot);
  check(req, aliases);
  const t = req.spec.target;
  const store = new GroupStore(req.stateRoot, req.group);
  const record = store.read();
  const id = newDeploymentId();
  const remember = (deploymentId: string, status: 'Succeeded' | 'Failed', rollbackOf?: string) => {
    record.deployments.push({
      id: deploymentId,
      status,
      at: new Date().toISOString(),
      revisionOf: id,
      ...(rollbackOf ? { rollbackOf } : {}),
    });
    if (status === 'Succeeded') record.lastSucceeded = deploymentId;
    store.write(record);
  };
  const access = await req.access();
  req.log(
    `deployment ${id} to ${req.group.application}/${req.group.name}: alias ${t.alias} of ${t.name}, version ${t.currentVersion} -> ${t.targetVersion}`,
  );
  const before = await hook(req, access, id, 'BeforeAllowTraffic');
  if (before) {
    remember(id, 'Failed');
    return { deploymentId: id, status: 'Failed', failure: before };
  }
  const config = req.group.lambdaConfig!;
  req.log(`AllowTraffic: ${config} (${LAMBDA_CONFIGS[config]}); locally the alias moves at once`);
  aliases.set(t.name, t.alias, t.targetVersion);
  const after = await hook(req, access, id, 'AfterAllowTraffic');
  if (!after) {
    remember(id, 'Succeeded');
    req.log(`deployment ${id} Succeeded: alias ${t.alias} of ${t.name} -> version ${t.targetVersion}`);
    return { deploymentId: id, status: 'Succeeded' };
  }
  remember(id, 'Failed');
  if (!req.group.settings.autoRollback) return { deploymentId: id, status: 'Failed', failure: after };
  const rollbackId = newDeploymentId();
  aliases.set(t.name, t.alias, t.currentVersion);
  req.log(
    `automatic rollback: deployment ${rollbackId} moves alias ${t.alias} of ${t.name} back to version ${t.currentVersion}`,
  );
  remember(rollbackId, 'Succeeded', id);
  return {
    deploymentId: id,
    status: 'Failed',
    failure: after,
    rollback: { deploymentId: rollbackId, status: 'Succeeded' },
  };
}
