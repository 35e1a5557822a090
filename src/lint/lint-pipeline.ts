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
import { fromPlaceholder, unplaced } from './placeholder-findings.js';
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
