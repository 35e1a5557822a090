/**
 * Rules across actions: artifact flow (docs/aws/codepipeline.md §1.5, §8.2), namespaces (§4.1, §8.7) and
 * variable references (§4.3, §4.4). "Runs before" means an earlier stage, or the same stage with a
 * lower runOrder (§1.4); equal runOrders run in parallel, so neither sees the other's outputs.
 */
import type { ActionDeclaration, PipelineDeclaration } from './pipeline-types.js';
import { Diagnostics, E_ACTION, E_SHAPE, E_STRUCTURE, type Path } from './pipeline-diagnostics.js';
import { checkListLength, checkString, PATTERNS } from './pipeline-validate-fields.js';
import { CODEPIPELINE_VARIABLES, findActionType, RESERVED_NAMESPACES, type ActionTypeSpec } from './action-types.js';
import { findVariableReferences, type VariableReference } from './variables.js';
import { isObject } from './pipeline-normalize.js';

export interface ActionSite {
  stageIndex: number;
  stageName: string;
  actionIndex: number;
  action: ActionDeclaration;
  path: Path;
  spec: ActionTypeSpec | undefined;
}

export function actionSites(pipeline: PipelineDeclaration): ActionSite[] {
  return pipeline.stages.flatMap((stage, stageIndex) =>
    stage.actions.map((action, actionIndex) => ({
      stageIndex,
      stageName: String(stage.name),
      actionIndex,
      action,
      path: ['stages', stageIndex, 'actions', actionIndex],
      spec: findActionType(action.actionTypeId),
    })),
  );
}

/** True when `a` has finished before `b` starts. */
export function runsBefore(a: ActionSite, b: ActionSite): boolean {
  if (a.stageIndex !== b.stageIndex) return a.stageIndex < b.stageIndex;
  return (
    typeof a.action.runOrder === 'number' &&
    typeof b.action.runOrder === 'number' &&
    a.action.runOrder < b.action.runOrder
  );
}

function where(site: ActionSite): string {
  return `action '${site.action.name}' in stage '${site.stageName}' (runOrder ${site.action.runOrder})`;
}

export function validateArtifactFlow(d: Diagnostics, sites: ActionSite[]): void {
  const producers = new Map<string, ActionSite>();
  for (const site of sites) {
    site.action.outputArtifacts.forEach((out, i) => {
      if (typeof out.name !== 'string') return;
      const first = producers.get(out.name);
      if (first) {
        // UNCERTAIN wording (§1.11: no verified AWS message for duplicate output artifacts).
        d.error(
          E_ACTION,
          `Output artifact name '${out.name}' of action ${site.action.name} is already used by ${where(first)}; output artifact names must be unique in a pipeline`,
          [...site.path, 'outputArtifacts', i, 'name'],
        );
      } else producers.set(out.name, site);
    });
  }
  for (const site of sites) {
    site.action.inputArtifacts.forEach((input, i) => {
      if (typeof input.name !== 'string') return;
      const at = [...site.path, 'inputArtifacts', i, 'name'];
      const producer = producers.get(input.name);
      // UNCERTAIN wording for both messages (§1.11).
      if (!producer) {
        d.error(
          E_ACTION,
          `Input artifact '${input.name}' of action ${site.action.name} is not the output artifact of any action in the pipeline`,
          at,
        );
      } else if (!runsBefore(producer, site)) {
        d.error(
          E_ACTION,
          `Input artifact '${input.name}' of action ${site.action.name} is produced by ${where(producer)}, which does not run before it; an input must come from an earlier stage or a lower runOrder in the same stage`,
          at,
        );
      }
    });
    checkArtifactConfiguration(d, site);
  }
}

/** Configuration values that name an input artifact (PrimarySource, TemplatePath's `Artifact::file`, ...). */
function checkArtifactConfiguration(d: Diagnostics, site: ActionSite): void {
  const inputs = site.action.inputArtifacts.map((a) => a.name);
  const cfg = site.action.configuration;
  const refs: [string, string][] = (site.spec?.artifactKeys ?? [])
    .filter((k) => typeof cfg[k] === 'string')
    .map((k) => [k, cfg[k]!]);
  if (site.spec?.provider === 'CloudFormation') {
    // cfn-lint E3703: the artifact part of `Artifact::path` must be one of the action's inputs.
    for (const k of ['TemplatePath', 'TemplateConfiguration']) {
      const v = cfg[k];
      if (typeof v === 'string' && v.includes('::')) refs.push([k, v.split('::')[0]!]);
    }
  }
  for (const [key, artifact] of refs) {
    if (inputs.includes(artifact) || findVariableReferences(artifact).length > 0) continue;
    d.warn(
      'PIPELINE_ARTIFACT_REFERENCE',
      `configuration '${key}' of action ${site.action.name} names artifact '${artifact}', which is not one of its input artifacts (${inputs.join(', ') || 'none'}); the action will fail when it runs`,
      [...site.path, 'configuration', key],
    );
  }
}

export function validateNamespaces(d: Diagnostics, sites: ActionSite[]): Map<string, ActionSite> {
  const artifactNames = new Set(
    sites.flatMap((s) => [...s.action.inputArtifacts, ...s.action.outputArtifacts].map((a) => a.name)),
  );
  const byNamespace = new Map<string, ActionSite>();
  for (const site of sites) {
    const ns = site.action.namespace;
    if (typeof ns !== 'string' || ns === '') continue;
    const at = [...site.path, 'namespace'];
    // UNCERTAIN wording for the three namespace messages (§1.11).
    if ((RESERVED_NAMESPACES as readonly string[]).includes(ns)) {
      d.error(
        E_ACTION,
        `Namespace '${ns}' of action ${site.action.name} is reserved by CodePipeline; choose another namespace`,
        at,
      );
      continue;
    }
    if (artifactNames.has(ns)) {
      d.error(
        E_ACTION,
        `Namespace '${ns}' of action ${site.action.name} has the same name as an artifact; a namespace cannot be an artifact name`,
        at,
      );
    }
    const first = byNamespace.get(ns);
    if (first) {
      d.error(
        E_ACTION,
        `Namespace '${ns}' of action ${site.action.name} is already used by ${where(first)}; namespaces must be unique in a pipeline`,
        at,
      );
    } else byNamespace.set(ns, site);
  }
  return byNamespace;
}

/** Every string of an action where CodePipeline resolves variables (§4.3), with its path. */
export function referenceSites(site: ActionSite): { ref: VariableReference; path: Path; field: string }[] {
  const out: { ref: VariableReference; path: Path; field: string }[] = [];
  const add = (text: unknown, path: Path, field: string) => {
    if (typeof text === 'string') for (const ref of findVariableReferences(text)) out.push({ ref, path, field });
  };
  for (const [k, v] of Object.entries(site.action.configuration))
    add(v, [...site.path, 'configuration', k], `configuration.${k}`);
  if (Array.isArray(site.action.commands)) {
    site.action.commands.forEach((c, i) => add(c, [...site.path, 'commands', i], `commands[${i}]`));
  }
  if (Array.isArray(site.action.environmentVariables)) {
    site.action.environmentVariables.forEach((e, i) => {
      if (isObject(e))
        add(e.value, [...site.path, 'environmentVariables', i, 'value'], `environmentVariables.${e.name}`);
    });
  }
  return out;
}

/**
 * AWS accepts these at create time and fails the consuming action at run time (§4.4), so they are
 * warnings: the pipeline is valid, but the named action will fail when codelocal runs it.
 */
export function validateVariableReferences(
  d: Diagnostics,
  pipeline: PipelineDeclaration,
  sites: ActionSite[],
  namespaces: Map<string, ActionSite>,
): void {
  const declared = new Set((Array.isArray(pipeline.variables) ? pipeline.variables : []).map((v) => v?.name));
  const failing = (name: unknown) =>
    `; action ${String(name)} will fail with "An action in this pipeline failed because one or more variables could not be resolved"`;
  for (const site of sites) {
    for (const { ref, path } of referenceSites(site)) {
      if (ref.namespace === 'codepipeline') {
        if (!CODEPIPELINE_VARIABLES.includes(ref.name)) {
          d.warn(
            'PIPELINE_VARIABLE_REFERENCE',
            `${ref.text}: the codepipeline namespace only has ${CODEPIPELINE_VARIABLES.join(', ')}${failing(site.action.name)}`,
            path,
          );
        }
        continue;
      }
      if (ref.namespace === 'variables') {
        if (site.spec?.category !== 'Source' && !declared.has(ref.name)) {
          d.warn(
            'PIPELINE_VARIABLE_REFERENCE',
            `${ref.text}: no pipeline-level variable '${ref.name}' is declared${failing(site.action.name)}`,
            path,
          );
        }
        continue;
      }
      const producer = namespaces.get(ref.namespace);
      if (!producer) {
        d.warn(
          'PIPELINE_VARIABLE_REFERENCE',
          `${ref.text}: no action declares namespace '${ref.namespace}'${failing(site.action.name)}`,
          path,
        );
      } else if (!runsBefore(producer, site)) {
        d.warn(
          'PIPELINE_VARIABLE_REFERENCE',
          `${ref.text}: namespace '${ref.namespace}' belongs to ${where(producer)}, which does not run before action ${site.action.name}${failing(site.action.name)}`,
          path,
        );
      } else if (Array.isArray(producer.spec?.variables) && !producer.spec.variables.includes(ref.name)) {
        d.warn(
          'PIPELINE_VARIABLE_REFERENCE',
          `${ref.text}: a ${producer.spec.provider} action produces ${producer.spec.variables.join(', ') || 'no variables'}; '${ref.name}' is not one of them`,
          path,
        );
      }
    }
  }
}

/** Pipeline-level variables (§1.8): names, values, duplicates; a missing default is noted for run time. */
export function validatePipelineVariables(d: Diagnostics, pipeline: PipelineDeclaration): void {
  const vars = pipeline.variables as unknown;
  if (vars === undefined || vars === null) return;
  if (!Array.isArray(vars)) {
    d.error(E_SHAPE, `'variables' must be a list of {name, defaultValue, description}`, ['variables']);
    return;
  }
  checkListLength(d, ['variables'], vars, { min: 0, max: 50 });
  const seen = new Set<string>();
  vars.forEach((v: unknown, i) => {
    const at = ['variables', i];
    if (!isObject(v)) {
      d.error(E_SHAPE, `each pipeline variable must be an object with a name`, at);
      return;
    }
    const name = checkString(d, [...at, 'name'], v.name, { min: 1, max: 128, pattern: PATTERNS.variableName });
    checkString(d, [...at, 'defaultValue'], v.defaultValue, { optional: true, min: 1, max: 1000 });
    checkString(d, [...at, 'description'], v.description, { optional: true, max: 200 });
    if (name === undefined) return;
    if (seen.has(name)) {
      // UNCERTAIN wording.
      d.error(E_STRUCTURE, `Pipeline variable '${name}' is declared more than once`, [...at, 'name']);
    }
    seen.add(name);
    if (v.defaultValue === undefined) {
      d.warn(
        'PIPELINE_REQUIRED_VARIABLE',
        `pipeline variable '${name}' has no default value, so every execution must supply one (a start without it fails with a validation error)`,
        at,
      );
    }
  });
}
