/**
 * Readers for the nested sections of `codelocal.yml` (`ecs`, `lambda`, `lint`; docs/config.md):
 * each checks its keys (unknown ones with a suggestion) and reports every problem with its position.
 */
import { resolve } from 'node:path';
import { isMap, isScalar, type Node } from 'yaml';
import type { CodeOf, SourcePosition } from '../errors.js';
import { describeNode, isNullNode, mapEntries, scalarText, suggestionSuffix, type YamlSource } from '../model/index.js';
import {
  LINT_SETTINGS,
  type CodelocalConfig,
  type EcsServiceConfig,
  type LambdaFunctionConfig,
} from './config-types.js';

/** Collects one problem; the reader throws them all together at the end. */
export type ReportProblem = (code: CodeOf<'input'>, message: string, pos: SourcePosition | undefined) => void;

const ECS_KEYS = ['services'];
const SERVICE_KEYS = ['cluster', 'port', 'testPort', 'deploymentGroup', 'healthCheckPath', 'terminationWaitSeconds'];

export function readEcs(
  src: YamlSource,
  node: Node | null,
  pos: SourcePosition,
  positions: Map<string, SourcePosition>,
  bad: ReportProblem,
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
export function readLambda(
  src: YamlSource,
  node: Node | null,
  pos: SourcePosition,
  projectRoot: string,
  positions: Map<string, SourcePosition>,
  bad: ReportProblem,
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
export function readLint(
  src: YamlSource,
  node: Node | null,
  pos: SourcePosition,
  positions: Map<string, SourcePosition>,
  bad: ReportProblem,
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
