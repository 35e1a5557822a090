/**
 * The project config file, `codelocal.yml` (or `.codelocal.yml`) at the project root. Everything is
 * optional; defaults make a bare folder work. Unknown keys are errors (with a suggestion) because a
 * misspelt key silently ignored is a setting the user believes is on. Format: docs/config.md.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isMap, isSeq, isScalar, type Node } from 'yaml';
import { InputError, ValidationError, type SourcePosition } from '../errors.js';
import {
  describeNode,
  isNullNode,
  mapEntries,
  type MapEntry,
  readYamlFile,
  scalarText,
  suggestionSuffix,
  type YamlSource,
} from '../model/index.js';
import { defaultConfig, type CodelocalConfig, type LoadedConfig } from './config-types.js';
import { readEcs, readLambda, readLint, type ReportProblem } from './config-sections.js';
import { readCodeDeploy } from './config-codedeploy.js';
import { readEks } from './config-eks.js';
import { readEventsSection } from './config-events.js';

export * from './config-types.js';

export const CONFIG_FILES = ['codelocal.yml', '.codelocal.yml'] as const;

/** Top-level keys; extend here (and in docs/config.md) when a feature needs configuration. */
const TOP_KEYS = [
  'stateDir',
  'accountId',
  'region',
  'images',
  'stubs',
  'projects',
  'env',
  'imports',
  'ecs',
  'lambda',
  'codedeploy',
  'eks',
  'lint',
  'policies',
  'events',
] as const;
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
  const { source, errors } = readYamlFile(file, {});
  if (errors.length > 0) throw new ValidationError(errors);
  return { ...readConfig(source, root), file };
}

/** Validates a parsed config document; exported for tests and for `codelocal lint`. */
export function readConfig(src: YamlSource, projectRoot: string): Omit<LoadedConfig, 'file'> {
  const config = defaultConfig();
  const positions = new Map<string, SourcePosition>();
  const problems: InputError[] = [];
  const bad: ReportProblem = (code, message, pos) => problems.push(new InputError(code, message, { position: pos }));
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
  const r: TopReader = { src, projectRoot, config, positions, bad, ...valueReaders(src, projectRoot, positions, bad) };
  for (const e of mapEntries(src, root)) {
    positions.set(e.key, e.pos);
    readTopKey(r, e);
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return { config, projectRoot, positions };
}

type ValueReaders = ReturnType<typeof valueReaders>;

interface TopReader extends ValueReaders {
  src: YamlSource;
  projectRoot: string;
  config: CodelocalConfig;
  positions: Map<string, SourcePosition>;
  bad: ReportProblem;
}

/** Scalar, map-of-text and list-of-paths readers that report instead of throwing. */
function valueReaders(
  src: YamlSource,
  projectRoot: string,
  positions: Map<string, SourcePosition>,
  bad: ReportProblem,
) {
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
  return { text, stringMap, pathList };
}

function readTopKey(r: TopReader, e: MapEntry): void {
  const { config, bad } = r;
  switch (e.key as (typeof TOP_KEYS)[number]) {
    case 'stateDir': {
      const v = r.text(e.value, 'stateDir', e.pos);
      if (v !== undefined) config.stateDir = resolve(r.projectRoot, v);
      break;
    }
    case 'accountId': {
      const v = r.text(e.value, 'accountId', e.pos);
      if (v !== undefined && !/^\d{12}$/.test(v)) {
        bad('CONFIG_INVALID', `accountId must be 12 digits (quote it to keep leading zeros), found "${v}"`, e.pos);
      } else if (v !== undefined) config.accountId = v;
      break;
    }
    case 'region': {
      const v = r.text(e.value, 'region', e.pos);
      if (v !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(v)) {
        bad('CONFIG_INVALID', `region must look like us-east-1, found "${v}"`, e.pos);
      } else if (v !== undefined) config.region = v;
      break;
    }
    case 'images':
      config.images = r.stringMap(e.value, 'images', e.pos, 'images');
      break;
    case 'env':
      config.env = r.stringMap(e.value, 'env', e.pos, 'env');
      for (const name of Object.keys(config.env)) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
          bad('CONFIG_INVALID', `env: "${name}" is not a valid variable name`, r.positions.get(`env/${name}`));
        }
      }
      break;
    case 'imports':
      // Other stacks' exports, for templates' Fn::ImportValue (docs/config.md, docs/fidelity.md).
      config.imports = r.stringMap(e.value, 'imports', e.pos, 'imports');
      break;
    case 'stubs':
      config.stubs = r.pathList(e.value, 'stubs', e.pos);
      break;
    case 'projects':
      config.projects = r.pathList(e.value, 'projects', e.pos);
      break;
    case 'ecs':
      config.ecs = readEcs(r.src, e.value, e.pos, r.positions, bad);
      break;
    case 'lambda':
      config.lambda = readLambda(r.src, e.value, e.pos, r.projectRoot, r.positions, bad);
      break;
    case 'codedeploy':
      config.codedeploy = readCodeDeploy(r.src, e.value, e.pos, r.positions, bad);
      break;
    case 'eks':
      config.eks = readEks(r.src, e.value, e.pos, r.positions, bad, r.projectRoot);
      break;
    case 'lint':
      config.lint = readLint(r.src, e.value, e.pos, r.positions, bad);
      break;
    case 'policies':
      config.policies = r.pathList(e.value, 'policies', e.pos);
      break;
    case 'events':
      config.events = readEventsSection(r.src, e.value, e.pos, r.positions, bad);
      break;
    default:
      bad('CONFIG_UNKNOWN_KEY', `unknown key "${e.key}" in ${r.src.file}${suggestionSuffix(e.key, TOP_KEYS)}`, e.pos);
  }
}
