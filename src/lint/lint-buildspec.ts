/**
 * One buildspec: parsed once; the validators (src/model/buildspec.ts, and src/model/batch.ts for the batch
 * section) run on the tree and their problems become findings unchanged, then every buildspec rule looks at
 * the same tree.
 */
import { ValidationError } from '../errors.js';
import {
  type BatchSpec,
  type Buildspec,
  BUILDSPEC_YAML_OPTIONS,
  buildspecFromYaml,
  checkBatch,
  parseYaml,
} from '../model/index.js';
import { buildspecContext } from './buildspec-context.js';
import { BUILDSPEC_RULES } from './registry.js';
import type { Finding, ProjectLink } from './types.js';
import { buildspecError, buildspecWarning, finding, yamlProblem } from './validator-map.js';

/** `accountId`: the account codelocal.yml says builds run in, if any (hardcoded-account-id uses it). */
export function lintBuildspec(
  file: string,
  raw: string,
  links: ProjectLink[],
  options: { accountId?: string } = {},
): Finding[] {
  const parsed = parseYaml(raw, file, BUILDSPEC_YAML_OPTIONS);
  const findings = parsed.errors.map((e) => yamlProblem(e, file));
  // After a syntax error the tree is partial: rules would only add noise. Duplicate keys leave a usable tree.
  if (findings.some((f) => f.ruleId === 'yaml-syntax')) return findings;
  let spec: Buildspec | undefined;
  let batch: BatchSpec | undefined;
  if (parsed.errors.length === 0) {
    const sink = { warnings: [] as Buildspec['warnings'] };
    try {
      spec = buildspecFromYaml(parsed, sink);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      findings.push(...e.problems.map((p) => buildspecError(p, file)));
    }
    findings.push(...sink.warnings.map((w) => buildspecWarning(w, file)));
    // `codelocal batch` (and CodeBuild's StartBuildBatch) reject these; a plain build ignores the section.
    const checked = checkBatch(parsed);
    batch = checked.spec;
    findings.push(...checked.problems.map((p) => buildspecError(p, file)));
    findings.push(...checked.warnings.map((w) => buildspecWarning(w, file)));
  }
  const accounts = options.accountId ? [options.accountId] : [];
  const ctx = buildspecContext(raw, parsed.source, spec, links, accounts, batch);
  for (const rule of BUILDSPEC_RULES) {
    rule.check(ctx, (message, pos, severity) =>
      findings.push(finding(rule.id, message, pos, file, severity ?? rule.severity)),
    );
  }
  return findings;
}
