/**
 * Per-project rule settings from codelocal.yml (`lint: { rules: { RULE: off|info|warning|error } }`).
 * config.ts validates the shape; rule ids are checked here, where the rules are known.
 */
import { InputError, ValidationError, type SourcePosition } from '../errors.js';
import { findConfigFile, loadConfig, type CodelocalConfig } from '../workspace/index.js';
import { findRule, ruleSuggestion } from './registry.js';
import type { Finding, RuleSetting } from './types.js';
import { codedProblem, finding } from './validator-map.js';

export interface LintSettings {
  rules: Map<string, RuleSetting>;
  /** Other projects' files (codelocal.yml `projects`), read to link buildspecs. */
  projectFiles: string[];
  /** Templates whose bucket, key and repository policies apply (codelocal.yml `policies`, docs/accounts.md). */
  policyFiles?: string[];
  accountId?: string;
  region?: string;
  /** codelocal.yml `imports`: values for templates' Fn::ImportValue. */
  imports?: Record<string, string>;
  configFile?: string;
  /** Problems of the config itself (reported; the run goes on with defaults). */
  findings: Finding[];
}

export function readSettings(projectRoot: string): LintSettings {
  const settings: LintSettings = { rules: new Map(), projectFiles: [], findings: [] };
  let file: string | undefined;
  let config: CodelocalConfig;
  let positions: Map<string, SourcePosition>;
  try {
    file = findConfigFile(projectRoot);
    const loaded = loadConfig(projectRoot);
    config = loaded.config;
    positions = loaded.positions;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const problems = e instanceof ValidationError ? e.problems : [e];
    const at = file ?? `${projectRoot}/codelocal.yml`;
    settings.findings.push(...problems.map((p) => codedProblem(p, at, 'config-invalid')));
    return settings;
  }
  settings.configFile = file;
  settings.accountId = config.accountId;
  settings.region = config.region;
  settings.imports = config.imports;
  settings.projectFiles = config.projects;
  settings.policyFiles = config.policies ?? [];
  for (const [id, setting] of Object.entries(config.lint?.rules ?? {})) {
    if (!findRule(id)) {
      const pos = positions.get(`lint/rules/${id}`);
      settings.findings.push(
        finding('unknown-rule', `unknown rule '${id}' in lint.rules${ruleSuggestion(id)}`, pos, file ?? ''),
      );
      continue;
    }
    settings.rules.set(id, setting);
  }
  return settings;
}
