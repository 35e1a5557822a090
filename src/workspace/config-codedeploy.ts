/**
 * The `codedeploy` section of codelocal.yml (docs/config.md): the local deployment groups the
 * Deploy/CodeDeploy action deploys to. There is no CodeDeploy service to ask for a group's instances
 * and configuration, so the project declares them here. Kept out of config.ts, which reads the
 * other sections, so each section's rules sit in a file of their own.
 */
import { isMap, isScalar, type Node } from 'yaml';
import type { CodeOf, SourcePosition } from '../errors.js';
import { describeNode, isNullNode, mapEntries, scalarText, suggestionSuffix, type YamlSource } from '../model/index.js';

export interface CodeDeployGroupConfig {
  /** How many instance containers stand in for the fleet (default 1). */
  instances: number;
  /** Image of the instance containers (default: the runner image codelocal/standard). */
  image?: string;
  /** A predefined configuration name, or a custom one given with minimumHealthyHosts (default OneAtATime). */
  deploymentConfig?: string;
  /** A custom configuration's minimum healthy hosts. */
  minimumHealthyHosts?: { type: 'HOST_COUNT' | 'FLEET_PERCENT'; value: number };
  /** Roll back to the last successful revision when a deployment fails (default false, as on AWS). */
  autoRollback: boolean;
}

/** Keyed `APPLICATION/GROUP`, or `GROUP` for a group of that name in any application. */
export interface CodeDeployConfig {
  deploymentGroups: Record<string, CodeDeployGroupConfig>;
}

type Bad = (code: CodeOf<'input'>, message: string, pos: SourcePosition | undefined) => void;

const GROUP_KEYS = ['instances', 'image', 'deploymentConfig', 'minimumHealthyHosts', 'autoRollback'];
const MAX_INSTANCES = 20;

function readMinimum(
  src: YamlSource,
  node: Node | null,
  where: string,
  pos: SourcePosition,
  bad: Bad,
): CodeDeployGroupConfig['minimumHealthyHosts'] {
  const m: { type?: string; value?: number } = {};
  if (isMap(node)) {
    for (const e of mapEntries(src, node)) {
      const raw = isScalar(e.value) && !isNullNode(e.value) ? scalarText(e.value) : '';
      if (e.key === 'type') m.type = raw;
      else if (e.key === 'value' && /^\d+$/.test(raw)) m.value = Number(raw);
      else if (e.key !== 'value') bad('CONFIG_UNKNOWN_KEY', `unknown key "${where}.${e.key}"`, e.pos);
    }
  }
  if ((m.type !== 'HOST_COUNT' && m.type !== 'FLEET_PERCENT') || m.value === undefined) {
    bad('CONFIG_INVALID', `${where} must be { type: HOST_COUNT or FLEET_PERCENT, value: N }`, pos);
    return undefined;
  }
  if (m.type === 'FLEET_PERCENT' && m.value > 99) {
    bad('CONFIG_INVALID', `${where}.value must be 0-99 for FLEET_PERCENT`, pos);
    return undefined;
  }
  return { type: m.type, value: m.value };
}

function readGroup(src: YamlSource, node: Node | null, where: string, pos: SourcePosition, bad: Bad) {
  const g: CodeDeployGroupConfig = { instances: 1, autoRollback: false };
  if (isNullNode(node)) return g;
  if (!isMap(node)) {
    bad('CONFIG_INVALID', `${where} must be a map, found ${describeNode(node)}`, pos);
    return g;
  }
  for (const e of mapEntries(src, node)) {
    const raw = isScalar(e.value) && !isNullNode(e.value) ? scalarText(e.value) : undefined;
    if (!GROUP_KEYS.includes(e.key)) {
      bad('CONFIG_UNKNOWN_KEY', `unknown key "${where}.${e.key}"${suggestionSuffix(e.key, GROUP_KEYS)}`, e.pos);
    } else if (e.key === 'minimumHealthyHosts') {
      const m = readMinimum(src, e.value, `${where}.minimumHealthyHosts`, e.pos, bad);
      if (m) g.minimumHealthyHosts = m;
    } else if (raw === undefined) {
      bad('CONFIG_INVALID', `${where}.${e.key} must be text`, e.pos);
    } else if (e.key === 'instances') {
      if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_INSTANCES)
        bad('CONFIG_INVALID', `${where}.instances must be 1-${MAX_INSTANCES}, got "${raw}"`, e.pos);
      else g.instances = Number(raw);
    } else if (e.key === 'autoRollback') {
      if (raw !== 'true' && raw !== 'false')
        bad('CONFIG_INVALID', `${where}.autoRollback must be true or false`, e.pos);
      else g.autoRollback = raw === 'true';
    } else if (e.key === 'image') g.image = raw;
    else g.deploymentConfig = raw;
  }
  return g;
}

/** `codedeploy: { deploymentGroups: { APP/GROUP: { instances, image, deploymentConfig, autoRollback } } }`. */
export function readCodeDeploy(
  src: YamlSource,
  node: Node | null,
  pos: SourcePosition,
  positions: Map<string, SourcePosition>,
  bad: Bad,
): CodeDeployConfig {
  const out: CodeDeployConfig = { deploymentGroups: {} };
  if (isNullNode(node)) return out;
  if (!isMap(node)) {
    bad('CONFIG_INVALID', `codedeploy must be a map, found ${describeNode(node)}`, pos);
    return out;
  }
  for (const e of mapEntries(src, node)) {
    if (e.key !== 'deploymentGroups') {
      bad(
        'CONFIG_UNKNOWN_KEY',
        `unknown key "codedeploy.${e.key}"${suggestionSuffix(e.key, ['deploymentGroups'])}`,
        e.pos,
      );
      continue;
    }
    if (isNullNode(e.value)) continue;
    if (!isMap(e.value)) {
      bad('CONFIG_INVALID', `codedeploy.deploymentGroups must map APPLICATION/GROUP to settings`, e.pos);
      continue;
    }
    for (const g of mapEntries(src, e.value)) {
      positions.set(`codedeploy/deploymentGroups/${g.key}`, g.pos);
      if (!/^[^/]+(\/[^/]+)?$/.test(g.key))
        bad('CONFIG_INVALID', `codedeploy.deploymentGroups keys are APPLICATION/GROUP or GROUP, got "${g.key}"`, g.pos);
      else out.deploymentGroups[g.key] = readGroup(src, g.value, `codedeploy.deploymentGroups.${g.key}`, g.pos, bad);
    }
  }
  return out;
}
