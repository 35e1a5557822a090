/**
 * The project config file, `codelocal.yml` (or `.codelocal.yml`) at the project root. Everything is
 * optional; defaults make a bare folder work. Unknown keys are errors (with a suggestion) because a
 * misspelt key silently ignored is a setting the user believes is on. Format: docs/config.md.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isMap, isSeq, isScalar, type Node } from 'yaml';
import { InputError, ValidationError, type SourcePosition } from './errors.js';
import { suggestionSuffix } from './model/suggest.js';
import { readCodeDeploy, type CodeDeployConfig } from './config-codedeploy.js';
import {
  describeNode,
  isNullNode,
  mapEntries,
  readYamlFile,
  scalarText,
  type YamlSource,
} from './model/yaml-source.js';

export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_REGION = 'us-east-1';
export const CONFIG_FILES = ['codelocal.yml', '.codelocal.yml'] as const;

export interface EcsServiceConfig {
  /** Cluster name the service belongs to (matches the ECS deploy action's ClusterName). */
  cluster: string;
  /** Host port the locally deployed service is published on. */
  port?: number;
  /** Blue/green: host port of the test listener, where the green task answers before traffic moves. */
  testPort?: number;
  /** Blue/green: the CodeDeploy deployment group (DeploymentGroupName) that deploys this service. */
  deploymentGroup?: string;
  /** Path of the load-balancer-like health check (default `/`). */
  healthCheckPath?: string;
  /** Blue/green: seconds the blue task keeps running after traffic moved to green (default 5). */
  terminationWaitSeconds?: number;
}

/** A Lambda function the Invoke/Lambda action runs locally (there is no Lambda service to ask). */
export interface LambdaFunctionConfig {
  /** `file.export`, as Lambda's handler setting (e.g. index.handler). */
  handler: string;
  /** nodejs<N>.x or python3.<N>; the runner image's Node.js 20 / Python 3.11 runs it. */
  runtime: string;
  /** Absolute folder (or file) with the function's code. */
  code: string;
  /** How long the action waits for PutJobSuccessResult/PutJobFailureResult per invocation (default 1200). */
  timeoutSeconds?: number;
}

export interface CodelocalConfig {
  /** Absolute; undefined means the default `<project root>/.codelocal`. */
  stateDir?: string;
  accountId: string;
  region: string;
  /** AWS image name (as in a project's environment.image) → local image to run instead. */
  images: Record<string, string>;
  /** Stub files (absolute), read after the default locations. */
  stubs: string[];
  /** Project JSON files / CloudFormation templates (absolute) that define CodeBuild projects for pipelines. */
  projects: string[];
  /** Plain-text variables every build gets, below project and buildspec values in precedence. */
  env: Record<string, string>;
  ecs: { services: Record<string, EcsServiceConfig> };
  /** Absent unless codelocal.yml has a `lambda` key. */
  lambda?: { functions: Record<string, LambdaFunctionConfig> };
  /** Absent unless codelocal.yml has a `codedeploy` key (config-codedeploy.ts). */
  codedeploy?: CodeDeployConfig;
  /** `codelocal lint` settings: rule id -> off|info|warning|error (rule ids are checked by the linter). */
  lint?: { rules: Record<string, LintRuleSetting> };
}

export type LintRuleSetting = 'off' | 'info' | 'warning' | 'error';
const LINT_SETTINGS: readonly LintRuleSetting[] = ['off', 'info', 'warning', 'error'];

export interface LoadedConfig {
  config: CodelocalConfig;
  /** The file read, or undefined when there is none (all defaults). */
  file?: string;
  projectRoot: string;
  /** Where each key was written ("region", "images/aws/codebuild/standard:7.0"), for later messages. */
  positions: Map<string, SourcePosition>;
}

/** Top-level keys; extend here (and in docs/config.md) when a feature needs configuration. */
const TOP_KEYS = [
  'stateDir',
  'accountId',
  'region',
  'images',
  'stubs',
  'projects',
  'env',
  'ecs',
  'lambda',
  'codedeploy',
  'lint',
] as const;
const ECS_KEYS = ['services'];
const SERVICE_KEYS = ['cluster', 'port', 'testPort', 'deploymentGroup', 'healthCheckPath', 'terminationWaitSeconds'];

export function defaultConfig(): CodelocalConfig {
  return {
    accountId: DEFAULT_ACCOUNT_ID,
    region: DEFAULT_REGION,
    images: {},
    stubs: [],
    projects: [],
    env: {},
    ecs: { services: {} },
  };
}

export function findConfigFile(projectRoot: string): string | undefined {
  const found = CONFIG_FILES.map((n) => join(projectRoot, n)).filter((p) => existsSync(p));
  if (found.length > 1) {
    throw new InputError('CONFIG_AMBIGUOUS', `both ${found.join(' and ')} exist; keep one of them`);
  }
  return found[0];
}

export function loadConfig(projectRoot: string): LoadedConfig {
  const root = resolve(projectRoot);
  const file = findConfigFile(root);
  if (!file) return { config: defaultConfig(), projectRoot: root, positions: new Map() };
  const { source, errors } = readYamlFile(file, { errorCode: 'CONFIG_SYNTAX' });
  if (errors.length > 0) throw new ValidationError(errors);
  return { ...readConfig(source, root), file };
}

/** Validates a parsed config document; exported for tests and for `codelocal lint`. */
export function readConfig(src: YamlSource, projectRoot: string): Omit<LoadedConfig, 'file'> {
  const config = defaultConfig();
  const positions = new Map<string, SourcePosition>();
  const problems: InputError[] = [];
  const bad = (code: string, message: string, pos: SourcePosition | undefined) =>
    problems.push(new InputError(code, message, { position: pos }));
  const text = (node: Node | null, what: string, pos: SourcePosition): string | undefined => {
    if (isScalar(node) && !isNullNode(node)) return scalarText(node);
    bad('CONFIG_INVALID', `${what} must be text, found ${describeNode(node)}`, pos);
    return undefined;
  };
  const stringMap = (node: Node | null, what: string, pos: SourcePosition, path: string): Record<string, string> => {
    const out: Record<string, string> = {};
    if (isNullNode(node)) return out;
    if (!isMap(node)) {
      bad('CONFIG_INVALID', `${what} must be a map, found ${describeNode(node)}`, pos);
      return out;
    }
    for (const e of mapEntries(src, node)) {
      positions.set(`${path}/${e.key}`, e.pos);
      const v = text(e.value, `${what} "${e.key}"`, e.pos);
      if (v !== undefined) out[e.key] = v;
    }
    return out;
  };
  const pathList = (node: Node | null, what: string, pos: SourcePosition): string[] => {
    if (isNullNode(node)) return [];
    if (!isSeq(node)) {
      bad('CONFIG_INVALID', `${what} must be a list of file paths, found ${describeNode(node)}`, pos);
      return [];
    }
    const out: string[] = [];
    for (const item of node.items) {
      const v = text(item as Node, `each entry of ${what}`, pos);
      if (v !== undefined) out.push(resolve(projectRoot, v));
    }
    return out;
  };

  const root = src.doc.contents as Node | null;
  if (isNullNode(root)) return { config, projectRoot, positions };
  if (!isMap(root)) {
    bad('CONFIG_INVALID', `expected a map of settings, found ${describeNode(root)}`, {
      file: src.file,
      line: 1,
      column: 1,
    });
    throw new ValidationError(problems);
  }

  for (const e of mapEntries(src, root)) {
    positions.set(e.key, e.pos);
    switch (e.key as (typeof TOP_KEYS)[number]) {
      case 'stateDir': {
        const v = text(e.value, 'stateDir', e.pos);
        if (v !== undefined) config.stateDir = resolve(projectRoot, v);
        break;
      }
      case 'accountId': {
        const v = text(e.value, 'accountId', e.pos);
        if (v !== undefined && !/^\d{12}$/.test(v)) {
          bad('CONFIG_INVALID', `accountId must be 12 digits (quote it to keep leading zeros), found "${v}"`, e.pos);
        } else if (v !== undefined) config.accountId = v;
        break;
      }
      case 'region': {
        const v = text(e.value, 'region', e.pos);
        if (v !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(v)) {
          bad('CONFIG_INVALID', `region must look like us-east-1, found "${v}"`, e.pos);
        } else if (v !== undefined) config.region = v;
        break;
      }
      case 'images':
        config.images = stringMap(e.value, 'images', e.pos, 'images');
        break;
      case 'env':
        config.env = stringMap(e.value, 'env', e.pos, 'env');
        for (const name of Object.keys(config.env)) {
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
            bad('CONFIG_INVALID', `env: "${name}" is not a valid variable name`, positions.get(`env/${name}`));
          }
        }
        break;
      case 'stubs':
        config.stubs = pathList(e.value, 'stubs', e.pos);
        break;
      case 'projects':
        config.projects = pathList(e.value, 'projects', e.pos);
        break;
      case 'ecs':
        config.ecs = readEcs(src, e.value, e.pos, positions, bad);
        break;
      case 'lambda':
        config.lambda = readLambda(src, e.value, e.pos, projectRoot, positions, bad);
        break;
      case 'codedeploy':
        config.codedeploy = readCodeDeploy(src, e.value, e.pos, positions, bad);
        break;
      case 'lint':
        config.lint = readLint(src, e.value, e.pos, positions, bad);
        break;
      default:
        bad('CONFIG_UNKNOWN_KEY', `unknown key "${e.key}" in ${src.file}${suggestionSuffix(e.key, TOP_KEYS)}`, e.pos);
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return { config, projectRoot, positions };
}

function readEcs(
  src: YamlSource,
  node: Node | null,
  pos: SourcePosition,
  positions: Map<string, SourcePosition>,
  bad: (code: string, message: string, pos: SourcePosition | undefined) => void,
): CodelocalConfig['ecs'] {
  const ecs: CodelocalConfig['ecs'] = { services: {} };
  if (isNullNode(node)) return ecs;
  if (!isMap(node)) {
    bad('CONFIG_INVALID', `ecs must be a map, found ${describeNode(node)}`, pos);
    return ecs;
  }
  for (const e of mapEntries(src, node)) {
    if (e.key !== 'services') {
      bad('CONFIG_UNKNOWN_KEY', `unknown key "ecs.${e.key}"${suggestionSuffix(e.key, ECS_KEYS)}`, e.pos);
      continue;
    }
    if (isNullNode(e.value)) continue;
    if (!isMap(e.value)) {
      bad(
        'CONFIG_INVALID',
        `ecs.services must be a map of service name to settings, found ${describeNode(e.value)}`,
        e.pos,
      );
      continue;
    }
    for (const svc of mapEntries(src, e.value)) {
      positions.set(`ecs/services/${svc.key}`, svc.pos);
      const conf: EcsServiceConfig = { cluster: 'default' };
      if (!isMap(svc.value)) {
        if (!isNullNode(svc.value))
          bad('CONFIG_INVALID', `ecs.services.${svc.key} must be a map, found ${describeNode(svc.value)}`, svc.pos);
        ecs.services[svc.key] = conf;
        continue;
      }
      for (const f of mapEntries(src, svc.value)) {
        const raw = isScalar(f.value) && !isNullNode(f.value) ? scalarText(f.value) : undefined;
        if (f.key === 'cluster') {
          if (raw === undefined) bad('CONFIG_INVALID', `ecs.services.${svc.key}.cluster must be text`, f.pos);
          else conf.cluster = raw;
        } else if (f.key === 'port' || f.key === 'testPort') {
          const port = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : NaN;
          if (!(port >= 1 && port <= 65535))
            bad('CONFIG_INVALID', `ecs.services.${svc.key}.${f.key} must be 1-65535`, f.pos);
          else conf[f.key] = port;
        } else if (f.key === 'terminationWaitSeconds') {
          const n = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : NaN;
          if (!(n >= 0 && n <= 172800))
            bad('CONFIG_INVALID', `ecs.services.${svc.key}.${f.key} must be 0-172800 seconds`, f.pos);
          else conf.terminationWaitSeconds = n;
        } else if (f.key === 'deploymentGroup' || f.key === 'healthCheckPath') {
          if (raw === undefined) bad('CONFIG_INVALID', `ecs.services.${svc.key}.${f.key} must be text`, f.pos);
          else if (f.key === 'healthCheckPath' && !raw.startsWith('/'))
            bad('CONFIG_INVALID', `ecs.services.${svc.key}.healthCheckPath must start with /`, f.pos);
          else conf[f.key] = raw;
        } else {
          bad(
            'CONFIG_UNKNOWN_KEY',
            `unknown key "ecs.services.${svc.key}.${f.key}"${suggestionSuffix(f.key, SERVICE_KEYS)}`,
            f.pos,
          );
        }
      }
      ecs.services[svc.key] = conf;
    }
  }
  return ecs;
}

const LAMBDA_KEYS = ['handler', 'runtime', 'code', 'timeoutSeconds'];

/** `lambda: { functions: { NAME: { handler, runtime, code, timeoutSeconds } } }` (docs/deploy.md). */
function readLambda(
  src: YamlSource,
  node: Node | null,
  pos: SourcePosition,
  projectRoot: string,
  positions: Map<string, SourcePosition>,
  bad: (code: string, message: string, pos: SourcePosition | undefined) => void,
): NonNullable<CodelocalConfig['lambda']> {
  const out: NonNullable<CodelocalConfig['lambda']> = { functions: {} };
  if (isNullNode(node)) return out;
  const fns = isMap(node) ? mapEntries(src, node) : [];
  if (!isMap(node)) bad('CONFIG_INVALID', `lambda must be a map, found ${describeNode(node)}`, pos);
  for (const e of fns) {
    if (e.key !== 'functions') {
      bad('CONFIG_UNKNOWN_KEY', `unknown key "lambda.${e.key}"${suggestionSuffix(e.key, ['functions'])}`, e.pos);
      continue;
    }
    if (isNullNode(e.value)) continue;
    if (!isMap(e.value)) {
      bad(
        'CONFIG_INVALID',
        `lambda.functions must map function names to settings, found ${describeNode(e.value)}`,
        e.pos,
      );
      continue;
    }
    for (const fn of mapEntries(src, e.value)) {
      positions.set(`lambda/functions/${fn.key}`, fn.pos);
      const where = `lambda.functions.${fn.key}`;
      if (!isMap(fn.value)) {
        bad('CONFIG_INVALID', `${where} must be a map with handler, runtime and code`, fn.pos);
        continue;
      }
      const f: Partial<LambdaFunctionConfig> = {};
      for (const k of mapEntries(src, fn.value)) {
        const raw = isScalar(k.value) && !isNullNode(k.value) ? scalarText(k.value) : undefined;
        if (!LAMBDA_KEYS.includes(k.key)) {
          bad('CONFIG_UNKNOWN_KEY', `unknown key "${where}.${k.key}"${suggestionSuffix(k.key, LAMBDA_KEYS)}`, k.pos);
        } else if (raw === undefined) {
          bad('CONFIG_INVALID', `${where}.${k.key} must be text`, k.pos);
        } else if (k.key === 'timeoutSeconds') {
          if (!/^\d+$/.test(raw) || Number(raw) < 1)
            bad('CONFIG_INVALID', `${where}.timeoutSeconds must be a whole number of seconds, at least 1`, k.pos);
          else f.timeoutSeconds = Number(raw);
        } else if (k.key === 'runtime' && !/^(nodejs\d+\.x|python3\.\d+)$/.test(raw)) {
          bad('CONFIG_INVALID', `${where}.runtime must be nodejs<N>.x or python3.<N>, got "${raw}"`, k.pos);
        } else if (k.key === 'handler' && !/^[^.]+(\.[^.]+)+$/.test(raw)) {
          bad('CONFIG_INVALID', `${where}.handler must be file.function (e.g. index.handler), got "${raw}"`, k.pos);
        } else if (k.key === 'code') f.code = resolve(projectRoot, raw);
        else if (k.key === 'handler' || k.key === 'runtime') f[k.key] = raw;
      }
      const missing = ['handler', 'runtime', 'code'].filter((k) => f[k as keyof LambdaFunctionConfig] === undefined);
      if (missing.length > 0) bad('CONFIG_INVALID', `${where} needs ${missing.join(', ')}`, fn.pos);
      else out.functions[fn.key] = f as LambdaFunctionConfig;
    }
  }
  return out;
}

/** `lint: { rules: { RULE: off|info|warning|error } }`; which RULE ids exist is the linter's business. */
function readLint(
  src: YamlSource,
  node: Node | null,
  pos: SourcePosition,
  positions: Map<string, SourcePosition>,
  bad: (code: string, message: string, pos: SourcePosition | undefined) => void,
): NonNullable<CodelocalConfig['lint']> {
  const lint: NonNullable<CodelocalConfig['lint']> = { rules: {} };
  if (isNullNode(node)) return lint;
  if (!isMap(node)) {
    bad('CONFIG_INVALID', `lint must be a map, found ${describeNode(node)}`, pos);
    return lint;
  }
  for (const e of mapEntries(src, node)) {
    if (e.key !== 'rules') {
      bad('CONFIG_UNKNOWN_KEY', `unknown key "lint.${e.key}"${suggestionSuffix(e.key, ['rules'])}`, e.pos);
      continue;
    }
    if (isNullNode(e.value)) continue;
    if (!isMap(e.value)) {
      bad(
        'CONFIG_INVALID',
        `lint.rules must map rule ids to off, info, warning or error, found ${describeNode(e.value)}`,
        e.pos,
      );
      continue;
    }
    for (const r of mapEntries(src, e.value)) {
      positions.set(`lint/rules/${r.key}`, r.pos);
      const raw = isScalar(r.value) && !isNullNode(r.value) ? scalarText(r.value) : '';
      const setting = LINT_SETTINGS.find((s) => s === raw);
      if (!setting)
        bad('CONFIG_INVALID', `lint.rules.${r.key} must be off, info, warning or error, found "${raw}"`, r.pos);
      else lint.rules[r.key] = setting;
    }
  }
  return lint;
}
