/**
 * Pipeline JSON, CloudFormation templates and CodeBuild project files. The model loaders do the
 * validation (readPipeline reports every problem without throwing); their problems become findings
 * unchanged, then the pipeline rules run on each loaded pipeline. Projects are kept for linking
 * buildspecs to the project that runs them.
 */
import { InputError, ValidationError } from '../errors.js';
import {
  accountOfArn,
  addTemplatePolicies,
  loadTemplate,
  emptyPolicySet,
  type PolicySet,
  type CodeBuildProject,
  lastWinsMessage,
  type LoadedPipelineResult,
  loadProjects,
  lookupPosition,
  parseTemplate,
  parseYaml,
  PIPELINE_RESOURCE,
  readPipeline,
  type TemplateOptions,
} from '../model/index.js';
import { BUILDSPEC_RULES, PIPELINE_RULES } from './registry.js';
import { parameterPlaceholders } from './template-parameters.js';
import type { Finding, PipelineContext } from './types.js';
import { codedProblem, finding, yamlProblem } from './validator-map.js';

export interface DefinitionResult {
  findings: Finding[];
  pipelines: LoadedPipelineResult[];
  projects: CodeBuildProject[];
}

/** Validation problems thrown by a loader, as findings; anything else is a bug and propagates. */
function caught(e: unknown, file: string, fallback: string): Finding[] {
  if (e instanceof ValidationError) return e.problems.map((p) => codedProblem(p, file, fallback));
  if (e instanceof InputError) return [codedProblem(e, file, fallback)];
  throw e;
}

function lintLoadedPipeline(
  file: string,
  ref: string,
  options: TemplateOptions & { logicalId?: string },
  out: DefinitionResult,
  policiesFor: (loaded: LoadedPipelineResult) => PolicySet | undefined,
): void {
  let result;
  try {
    result = readPipeline(ref, options);
  } catch (e) {
    out.findings.push(...caught(e, file, 'pipeline-shape'));
    return;
  }
  const { loaded, errors } = result;
  out.pipelines.push(loaded);
  out.findings.push(...errors.map((e) => codedProblem(e, file, 'pipeline-structure')));
  out.findings.push(...loaded.warnings.map((w) => codedProblem(w, file, 'pipeline-warning')));
  const ctx: PipelineContext = {
    file,
    loaded,
    positionOf: (path: readonly (string | number)[]) => lookupPosition(loaded.positions, path),
  };
  const policies = policiesFor(loaded);
  if (policies) ctx.policies = policies;
  for (const rule of PIPELINE_RULES) {
    rule.check(ctx, (message, pos, severity) =>
      out.findings.push(finding(rule.id, message, pos, file, severity ?? rule.severity)),
    );
  }
}

function emptyResult(): DefinitionResult {
  return { findings: [], pipelines: [], projects: [] };
}

/** A YAML/JSON syntax check first, so syntax errors get their own rule whatever loader reads the file. */
function syntaxFindings(file: string, raw: string): Finding[] {
  // Repeated keys are the loaders' warnings here (last wins, issue 11), not syntax errors.
  return parseYaml(raw, file, { version: '1.1', duplicateKeys: 'last-wins' }).errors.map((e) => yamlProblem(e, file));
}

/**
 * The policies of codelocal.yml `policies:` templates (problems there are reported when those files are
 * linted themselves), for the pipeline's account.
 */
function configPolicies(
  files: readonly string[],
  options: TemplateOptions,
  account: string,
  region: string,
): PolicySet {
  const set = emptyPolicySet(account, region);
  for (const f of files) {
    try {
      addTemplatePolicies(set, loadTemplate(f, options));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
  }
  return set;
}

export function lintPipelineFile(
  file: string,
  raw: string,
  options: TemplateOptions,
  policyFiles: readonly string[] = [],
): DefinitionResult {
  const out = emptyResult();
  out.findings.push(...syntaxFindings(file, raw));
  const policiesFor = (loaded: LoadedPipelineResult) =>
    policyFiles.length === 0
      ? undefined
      : configPolicies(
          policyFiles,
          options,
          accountOfArn(loaded.pipeline.roleArn) ??
            options.accountId ??
            '123456789012' /* the model's default account */,
          loaded.region,
        );
  if (out.findings.length === 0) lintLoadedPipeline(file, file, options, out, policiesFor);
  return out;
}

export function lintProjectsFile(file: string, raw: string, options: TemplateOptions): DefinitionResult {
  const out = emptyResult();
  out.findings.push(...syntaxFindings(file, raw));
  if (out.findings.length > 0) return out;
  // The AWS CLI keeps the last of repeated keys in project JSON: a warning (issue 11).
  const { duplicates } = parseYaml(raw, file, { version: '1.1', duplicateKeys: 'last-wins' });
  out.findings.push(...duplicates.map((e) => finding('duplicate-key-last-wins', lastWinsMessage(e), e.position, file)));
  try {
    out.projects.push(...loadProjects(file, options).values());
  } catch (e) {
    out.findings.push(...caught(e, file, 'project-invalid'));
  }
  return out;
}

export function lintTemplate(
  file: string,
  raw: string,
  options: TemplateOptions,
  policyFiles: readonly string[] = [],
): DefinitionResult {
  const out = emptyResult();
  const parsed = parseYaml(raw, file, { version: '1.1', duplicateKeys: 'last-wins' });
  out.findings.push(...parsed.errors.map((e) => yamlProblem(e, file)));
  if (out.findings.length > 0) return out;
  const placeholders = parameterPlaceholders(parsed.source, options.accountId);
  const opts: TemplateOptions = { ...options, parameterOverrides: { ...placeholders, ...options.parameterOverrides } };
  let template;
  try {
    template = parseTemplate(raw, file, opts);
  } catch (e) {
    out.findings.push(...caught(e, file, 'template-invalid').map((f) => unplaced(f, placeholders, options) ?? f));
    return out;
  }
  out.findings.push(
    ...template.warnings.map((w) =>
      w.code
        ? codedProblem({ code: w.code, message: w.message, position: w.pos }, file, 'template-warning')
        : finding('template-warning', w.message, w.pos, file),
    ),
  );
  const before = out.projects.length;
  try {
    out.projects.push(...loadProjects(file, opts).values());
  } catch (e) {
    out.findings.push(...caught(e, file, 'project-invalid'));
  }
  const tctx = { file, source: parsed.source, projects: out.projects.slice(before) };
  for (const rule of BUILDSPEC_RULES) {
    rule.checkTemplate?.(tctx, (message, pos, severity) =>
      out.findings.push(finding(rule.id, message, pos, file, severity ?? rule.severity)),
    );
  }
  // The template's bucket, key and repository policies: what cross-account actions are checked against.
  const policies = configPolicies(policyFiles, options, template.stack.accountId, template.stack.region);
  out.findings.push(...addTemplatePolicies(policies, template).map((e) => codedProblem(e, file, 'template-invalid')));
  for (const res of template.resources.values()) {
    if (res.type === PIPELINE_RESOURCE) {
      lintLoadedPipeline(file, file, { ...opts, logicalId: res.logicalId }, out, () => policies);
    }
  }
  out.findings = out.findings.map((f) => fromPlaceholder(f, placeholders, options));
  return out;
}

const OVERRIDE_HINT = (names: string[]) =>
  `give ${names.length > 1 ? 'them' : 'it'} a Default, or check the file with \`codelocal pipeline validate --parameter-overrides ${names.map((n) => `${n}=VALUE`).join(' ')}\``;

/**
 * A placeholder that breaks the parameter's own constraints says nothing about the template, but the
 * template could not be resolved, so nothing else in it was checked: say so instead of reporting
 * "no problems" (docs/lint.md, "Template parameters without a Default").
 */
function unplaced(f: Finding, placeholders: Record<string, string>, options: TemplateOptions): Finding | undefined {
  if (f.ruleId !== 'template-invalid') return undefined;
  const name = Object.keys(placeholders).find(
    (p) => options.parameterOverrides?.[p] === undefined && f.message.startsWith(`parameter '${p}' `),
  );
  if (name === undefined) return undefined;
  const message =
    `template not checked: parameter '${name}' has no Default and lint found no placeholder value that fits it ` +
    `(${f.message}); ${OVERRIDE_HINT([name])}`;
  return { ...f, ruleId: 'template-warning', severity: 'warning', message };
}

/**
 * An error or warning whose offending value holds one of lint's placeholders may be lint's own doing,
 * not the template's: it becomes a note that says so (docs/lint.md). Only placeholders spelt
 * `placeholder` are recognisable in a message; the others (`1`, `a`, an account id) are too common.
 */
function fromPlaceholder(f: Finding, placeholders: Record<string, string>, options: TemplateOptions): Finding {
  if (f.severity === 'info') return f;
  const quoted = [...f.message.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
  const names = Object.entries(placeholders)
    .filter(([p, v]) => options.parameterOverrides?.[p] === undefined && /placeholder/i.test(v))
    .filter(([, v]) => quoted.some((q) => v.split(',').some((item) => q.includes(item))))
    .map(([p]) => p);
  if (names.length === 0) return f;
  const which = names.length > 3 ? `${names.slice(0, 3).join(', ')}, …` : names.join(', ');
  const message =
    `${f.message} (the value holds lint's placeholder for ${names.length > 1 ? 'parameters' : 'parameter'} ` +
    `${which} without a Default, so this may not happen in AWS: ${OVERRIDE_HINT(names.slice(0, 3))})`;
  return { ...f, severity: 'info', message };
}
