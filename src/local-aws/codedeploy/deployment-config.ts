/**
 * Deployment configurations (codedeploy.md §4): how many instances a deployment takes offline at a
 * time and how many must succeed. Pure arithmetic, so every configuration is unit-tested without
 * Docker; the deployer asks `batchesOf` what to deploy next and `verdict` whether to go on.
 */

export interface MinimumHealthyHosts {
  type: 'HOST_COUNT' | 'FLEET_PERCENT';
  value: number;
}

export interface DeploymentConfig {
  name: string;
  /** OneAtATime is "one at a time, every instance but the last must succeed" (§4.3), not a number. */
  minimumHealthyHosts: MinimumHealthyHosts | 'ONE_AT_A_TIME';
}

export const DEFAULT_DEPLOYMENT_CONFIG = 'CodeDeployDefault.OneAtATime';

export const PREDEFINED_CONFIGS: Record<string, DeploymentConfig> = {
  'CodeDeployDefault.AllAtOnce': {
    name: 'CodeDeployDefault.AllAtOnce',
    minimumHealthyHosts: { type: 'HOST_COUNT', value: 0 },
  },
  'CodeDeployDefault.HalfAtATime': {
    name: 'CodeDeployDefault.HalfAtATime',
    minimumHealthyHosts: { type: 'FLEET_PERCENT', value: 50 },
  },
  'CodeDeployDefault.OneAtATime': { name: 'CodeDeployDefault.OneAtATime', minimumHealthyHosts: 'ONE_AT_A_TIME' },
};

/** The minimum as an instance count, fixed at the start of the deployment: percentages round up (§4.2). */
export function minimumHealthyCount(config: DeploymentConfig, instances: number): number {
  const m = config.minimumHealthyHosts;
  if (m === 'ONE_AT_A_TIME') return Math.max(0, instances - 1);
  if (m.type === 'HOST_COUNT') return m.value;
  return Math.ceil((instances * m.value) / 100);
}

/**
 * The instances (by index) in deployment batches: as many at a time as keeps the minimum healthy,
 * at least one (§4.1: HalfAtATime on 9 instances deploys 4 at a time).
 */
export function batchesOf(config: DeploymentConfig, instances: number): number[][] {
  const size =
    config.minimumHealthyHosts === 'ONE_AT_A_TIME'
      ? 1
      : Math.max(1, instances - minimumHealthyCount(config, instances));
  const out: number[][] = [];
  for (let i = 0; i < instances; i += size) out.push(range(i, Math.min(instances, i + size)));
  return out;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}

export interface Tally {
  instances: number;
  succeeded: number;
  failed: number;
}

/**
 * After a batch: `continue`, `failed` (stop now: the minimum can no longer be met) or, when every
 * instance is done, `succeeded`. At least one instance must succeed whatever the minimum (§4.2);
 * OneAtATime tolerates a failure of the last instance only (§4.3).
 */
export function verdict(config: DeploymentConfig, t: Tally): 'continue' | 'succeeded' | 'failed' {
  const done = t.succeeded + t.failed === t.instances;
  if (config.minimumHealthyHosts === 'ONE_AT_A_TIME') {
    if (t.failed > 1 || (t.failed === 1 && !done)) return 'failed';
  } else if (t.instances - t.failed < minimumHealthyCount(config, t.instances)) return 'failed';
  if (!done) return 'continue';
  return t.succeeded >= 1 ? 'succeeded' : 'failed';
}

/** A predefined configuration by name, or a custom one from codelocal.yml's minimumHealthyHosts. */
export function deploymentConfigFor(name: string, custom?: MinimumHealthyHosts): DeploymentConfig | undefined {
  if (custom) return { name, minimumHealthyHosts: custom };
  return PREDEFINED_CONFIGS[name];
}

/**
 * Lambda traffic-shifting configurations (codedeploy.md §8.3), with how traffic would move. Locally the
 * alias moves at once after BeforeAllowTraffic; the steps are only logged (docs/fidelity.md).
 */
export const LAMBDA_CONFIGS: Record<string, string> = {
  'CodeDeployDefault.LambdaAllAtOnce': 'all traffic at once',
  ...Object.fromEntries(
    [5, 10, 15, 30].map((m) => [
      `CodeDeployDefault.LambdaCanary10Percent${m}Minutes`,
      `10% of traffic, the rest ${m} minutes later`,
    ]),
  ),
  ...Object.fromEntries(
    ['1Minute', '2Minutes', '3Minutes', '10Minutes'].map((every) => [
      `CodeDeployDefault.LambdaLinear10PercentEvery${every}`,
      `10% more traffic every ${every.replace(/(\d+)/, '$1 ').toLowerCase()}`,
    ]),
  ),
};

export const DEFAULT_LAMBDA_CONFIG = 'CodeDeployDefault.LambdaAllAtOnce';
