/**
 * What a pipeline run will do, computed without Docker: feeds `codelocal pipeline plan`,
 * `pipeline run --dry-run` and the run itself (the engine executes this plan, so the three can
 * never disagree). Stages in order; inside a stage, actions grouped by runOrder (a group runs in
 * parallel, groups run in ascending order, docs/aws/codepipeline.md §1.4); artifact and variable flow
 * between actions; what each action does locally, from the action-type catalogue.
 * Pure: takes a loaded (validated) pipeline and the run's inputs.
 */
import {
  type ActionDeclaration,
  type ActionSite,
  actionSites,
  actionTypeKey,
  classifyBuildspecRef,
  type CodeBuildProject,
  defaultProject,
  describeWarning,
  effectivePipelineType,
  findActionType,
  isEmulated,
  isNotEvaluated,
  type LoadedPipeline,
  type LocalNeeds,
  type PolicySet,
  notEvaluatedMessage,
  type PipelineDeclaration,
  type PipelineWarning,
  referenceSites,
  runsBefore,
  type SourceOverride,
} from '../model/index.js';
import { plannedAccess, type PlannedAccess } from './planned-access.js';

export type { PlannedAccess } from './planned-access.js';
import { applyPartialRun, type PartialRunOptions, type SkippedAction } from './partial-run.js';

export interface ActionRef {
  stage: string;
  action: string;
}

export type { SourceOverride };

export interface PlanPipelineOptions extends PartialRunOptions {
  /** Pipeline-level variable values for this run (StartPipelineExecution `variables`). */
  variables?: Record<string, string>;
  /** Projects defined outside the pipeline file; they win over projects of the same template. */
  projects?: Map<string, CodeBuildProject>;
  /** By source action name. */
  sourceOverrides?: Record<string, SourceOverride>;
  /** Resource policies known to the run: each action gets its account and what it needs (docs/accounts.md). */
  policies?: PolicySet;
}

export interface PlannedVariableReference {
  /** `#{SourceVariables.CommitId}` */
  text: string;
  namespace: string;
  name: string;
  /** Where it is used: `configuration.ProjectName`, `commands[0]`, `environmentVariables.X`. */
  field: string;
  /** pipeline = pipeline-level variable, execution = codepipeline.PipelineExecutionId. */
  from: 'action' | 'pipeline' | 'execution' | 'unresolvable';
  producer?: ActionRef;
  /** Known before the run starts (pipeline-level variables). */
  value?: string;
}

export interface PlannedProject {
  name: string;
  /** False when no project file or template defines it: codelocal runs it with defaults. */
  defined: boolean;
  /**
   * Not defined although projects were given (template, --projects, config `projects:`): the action
   * fails as on AWS. Defaults apply only when no project is defined anywhere.
   */
  missing?: boolean;
  definedIn?: string;
  image: string;
  privilegedMode: boolean;
  /** The input artifact the buildspec is read from and the build runs in. */
  primarySource?: string;
  /** `buildspec.yml`, a path, `inline`, or an S3 ARN. */
  buildspec: string;
  /**
   * Project variables whose value the template computes and codelocal cannot, which the action's
   * EnvironmentVariables do not override: the build refuses to start (docs/fidelity.md, issue 11).
   */
  unknownVariables?: { name: string; shown: string }[];
}

export interface PlannedAction {
  name: string;
  stage: string;
  runOrder: number;
  /** `Build/AWS/CodeBuild/1` */
  actionType: string;
  category: string;
  provider: string;
  inputs: { name: string; producer?: ActionRef }[];
  outputs: { name: string; consumers: ActionRef[]; files?: string[] }[];
  namespace?: string;
  /** Variables it makes available under its namespace; 'dynamic' when they depend on what runs. */
  providesVariables: string[] | 'dynamic';
  variableReferences: PlannedVariableReference[];
  project?: PlannedProject;
  /** One sentence: what codelocal does for this action (the catalogue's, docs/aws/codepipeline.md §2). */
  local: string;
  /** False for a real action type codelocal has no local stand-in for: running it fails. */
  emulated: boolean;
  needs: LocalNeeds;
  configuration: Record<string, string>;
  /** `--skip`: not run; recorded as Succeeded with this summary, outputs from `--artifact` or empty. */
  skipped?: SkippedAction;
  /** With `policies`: the action's principal and its artifact permissions. */
  access?: PlannedAccess;
  /** The action as declared: what the engine executes (left out of the JSON views). */
  declaration: ActionDeclaration;
}

export interface PlannedGroup {
  runOrder: number;
  /** More than one action: they start together. */
  parallel: boolean;
  actions: PlannedAction[];
}

export interface PlannedStage {
  name: string;
  index: number;
  groups: PlannedGroup[];
  /** After the `--until` stage: not started. */
  notStarted?: boolean;
}

export interface PlannedPipelineVariable {
  name: string;
  value?: string;
  source: 'override' | 'default' | 'missing';
}

export interface PipelinePlan {
  pipelineName: string;
  file: string;
  pipelineType: 'V1' | 'V2';
  executionMode: string;
  variables: PlannedPipelineVariable[];
  stages: PlannedStage[];
  artifacts: { name: string; producer: ActionRef; consumers: ActionRef[] }[];
  warnings: string[];
  /** `--until`: the last stage that runs. */
  until?: string;
  /** The pipeline the plan was made from (left out of the JSON views). */
  definition: PipelineDeclaration;
  /** The resource policies the plan was checked against; the run enforces them (left out of the JSON views). */
  policies?: PolicySet;
}

const refOf = (s: ActionSite): ActionRef => ({ stage: s.stageName, action: String(s.action.name) });

function pipelineVariables(loaded: LoadedPipeline, values: Record<string, string>, warnings: string[]) {
  const declared = loaded.pipeline.variables ?? [];
  const out: PlannedPipelineVariable[] = declared.map((v) => {
    if (values[v.name] !== undefined) return { name: v.name, value: values[v.name], source: 'override' };
    if (v.defaultValue !== undefined) return { name: v.name, value: v.defaultValue, source: 'default' };
    warnings.push(`pipeline variable '${v.name}' has no default and no value was given: the run will be refused`);
    return { name: v.name, source: 'missing' };
  });
  for (const name of Object.keys(values)) {
    if (!declared.some((v) => v.name === name)) {
      warnings.push(`variable '${name}' is not declared by the pipeline: starting the run will be refused`);
    }
  }
  return out;
}

/** Up to five project names, for messages about a name that is not among them. */
export function knownNames(projects: Map<string, unknown>): string {
  const names = [...projects.keys()];
  return names.slice(0, 5).join(', ') + (names.length > 5 ? `, … ${names.length - 5} more` : '');
}

/** What the plan warns about a CodeBuild action's project: not found among those given, or defaults. */
function projectWarning(
  project: PlannedProject | undefined,
  action: string,
  projects: Map<string, CodeBuildProject>,
): string | undefined {
  if (project?.missing) {
    return `project '${project.name}' (action ${action}) is not among the projects given (${knownNames(projects)}): the action will fail, as on AWS`;
  }
  if (project && !project.defined) {
    return `project '${project.name}' (action ${action}) is defined nowhere: it runs with defaults (${project.buildspec} from ${project.primarySource ?? 'its primary source'}, image ${project.image})`;
  }
  return undefined;
}

function plannedProject(
  action: ActionDeclaration,
  projects: Map<string, CodeBuildProject>,
): PlannedProject | undefined {
  const name = action.configuration.ProjectName;
  // A name from Fn::Transform names no project: the action cannot run (issue 11).
  if (name === undefined || isNotEvaluated(name)) return undefined;
  const found = projects.get(name);
  const project = found ?? defaultProject(name);
  const primarySource = action.configuration.PrimarySource ?? action.inputArtifacts[0]?.name;
  const ref = classifyBuildspecRef(project.source.buildspec);
  const buildspec =
    ref.kind === 'default' ? ref.path : ref.kind === 'path' ? ref.path : ref.kind === 's3' ? ref.arn : 'inline';
  const given = actionVariableNames(action.configuration.EnvironmentVariables);
  const unknownVariables = project.environment.environmentVariables
    .filter((v) => v.notEvaluated && !given.has(v.name))
    .map((v) => ({ name: v.name, shown: v.value }));
  return {
    ...(unknownVariables.length > 0 ? { unknownVariables } : {}),
    name,
    defined: found !== undefined,
    ...(found === undefined && projects.size > 0 ? { missing: true } : {}),
    definedIn: found?.definedIn,
    image: project.environment.image,
    privilegedMode: project.environment.privilegedMode,
    primarySource,
    buildspec,
  };
}

/** Names the action's EnvironmentVariables JSON gives (start-build overrides); none when it does not parse. */
function actionVariableNames(text: unknown): Set<string> {
  if (typeof text !== 'string') return new Set();
  try {
    const data: unknown = JSON.parse(text);
    return new Set(Array.isArray(data) ? data.map((v: { name?: unknown }) => String(v?.name)) : []);
  } catch {
    return new Set();
  }
}

function references(
  site: ActionSite,
  namespaces: Map<string, ActionSite>,
  vars: PlannedPipelineVariable[],
): PlannedVariableReference[] {
  return referenceSites(site).map(({ ref, field }) => {
    const base = { text: ref.text, namespace: ref.namespace, name: ref.name, field };
    if (ref.namespace === 'codepipeline') return { ...base, from: 'execution' as const };
    if (ref.namespace === 'variables') {
      const v = vars.find((x) => x.name === ref.name);
      return v ? { ...base, from: 'pipeline' as const, value: v.value } : { ...base, from: 'unresolvable' as const };
    }
    const producer = namespaces.get(ref.namespace);
    if (!producer || !runsBefore(producer, site)) return { ...base, from: 'unresolvable' as const };
    return { ...base, from: 'action' as const, producer: refOf(producer) };
  });
}

/** What the plan says of an action whose configuration holds a value from Fn::Transform (issue 11). */
function unknownConfiguration(a: ActionDeclaration): string | undefined {
  const unused = findActionType(a.actionTypeId)?.unusedLocally ?? [];
  const hit = Object.entries(a.configuration).find(([k, v]) => isNotEvaluated(v) && !unused.includes(k));
  if (!hit || !isNotEvaluated(hit[1])) return undefined;
  return `cannot run locally: ${notEvaluatedMessage(`configuration ${hit[0]}`, hit[1])}`;
}

/** The plan's sentence of what runs locally for this action. */
function localSentence(
  a: ActionDeclaration,
  spec: ReturnType<typeof findActionType>,
  how: { override?: SourceOverride; project?: PlannedProject },
): string {
  return (
    unknownConfiguration(a) ??
    spec?.local(a, how) ??
    `cannot run ${actionTypeKey(a.actionTypeId)}: not an action type codelocal knows`
  );
}

/** Each name (namespace, output artifact) with the first action that declares it. */
function firstSites(sites: ActionSite[], names: (a: ActionDeclaration) => string[]): Map<string, ActionSite> {
  const out = new Map<string, ActionSite>();
  for (const s of sites) for (const n of names(s.action)) if (!out.has(n)) out.set(n, s);
  return out;
}

/** runOrder groups in ascending order; a group of more than one action runs in parallel. */
function groupsOf(byOrder: Map<number, PlannedAction[]>): PlannedGroup[] {
  return [...byOrder.entries()]
    .sort(([a], [b]) => a - b)
    .map(([runOrder, actions]) => ({ runOrder, parallel: actions.length > 1, actions }));
}

export function planPipeline(loaded: LoadedPipeline, options: PlanPipelineOptions = {}): PipelinePlan {
  const { pipeline } = loaded;
  const loadWarnings = (loaded as { warnings?: PipelineWarning[] }).warnings ?? [];
  // Only a template's pipeline has them (LoadedPipelineResult); other callers build LoadedPipeline.
  const customTypes = (loaded as { customActionTypes?: Parameters<typeof findActionType>[1] }).customActionTypes;
  const warnings = loadWarnings.map(describeWarning);
  const vars = pipelineVariables(loaded, options.variables ?? {}, warnings);
  const projects = new Map([...loaded.projects, ...(options.projects ?? new Map())]);
  const sites = actionSites(pipeline);
  const namespaces = firstSites(sites, (a) => (a.namespace ? [a.namespace] : []));
  const producers = firstSites(sites, (a) => a.outputArtifacts.map((o) => o.name));
  const consumers = (artifact: string) =>
    sites.filter((s) => s.action.inputArtifacts.some((i) => i.name === artifact)).map(refOf);

  const planAction = (site: ActionSite): PlannedAction => {
    const a = site.action;
    const spec = findActionType(a.actionTypeId, customTypes);
    const project = spec?.provider === 'CodeBuild' ? plannedProject(a, projects) : undefined;
    const producer = (name: string) => producers.get(name);
    const planned: PlannedAction = {
      name: a.name,
      stage: site.stageName,
      runOrder: a.runOrder,
      actionType: actionTypeKey(a.actionTypeId),
      category: a.actionTypeId.category,
      provider: a.actionTypeId.provider,
      inputs: a.inputArtifacts.map((i) => {
        const p = producer(i.name);
        return p ? { name: i.name, producer: refOf(p) } : { name: i.name };
      }),
      outputs: a.outputArtifacts.map((o) => ({
        name: o.name,
        consumers: consumers(o.name),
        ...(o.files ? { files: o.files } : {}),
      })),
      namespace: a.namespace,
      providesVariables: a.actionTypeId.provider === 'Commands' ? (a.outputVariables ?? []) : (spec?.variables ?? []),
      variableReferences: references(site, namespaces, vars),
      project,
      local: '',
      emulated: isEmulated(spec),
      needs: spec?.needs ?? { docker: false, localAws: false },
      configuration: a.configuration,
      declaration: a,
    };
    planned.local = localSentence(a, spec, { override: options.sourceOverrides?.[a.name], project });
    if (options.policies) planned.access = plannedAccess(pipeline, a, options.policies.region, options.policies);
    const warning = options.skip?.includes(`${site.stageName}.${a.name}`)
      ? undefined
      : projectWarning(project, a.name, projects);
    if (warning) warnings.push(warning);
    return planned;
  };

  const stages: PlannedStage[] = pipeline.stages.map((stage, index) => {
    const byOrder = new Map<number, PlannedAction[]>();
    for (const site of sites.filter((s) => s.stageIndex === index)) {
      const list = byOrder.get(site.action.runOrder) ?? [];
      list.push(planAction(site));
      byOrder.set(site.action.runOrder, list);
    }
    return { name: stage.name, index, groups: groupsOf(byOrder) };
  });

  return applyPartialRun<PipelinePlan>(
    {
      pipelineName: pipeline.name,
      file: loaded.file,
      pipelineType: effectivePipelineType(pipeline),
      executionMode: pipeline.executionMode ?? 'SUPERSEDED',
      variables: vars,
      stages,
      artifacts: [...producers.entries()].map(([name, s]) => ({
        name,
        producer: refOf(s),
        consumers: consumers(name),
      })),
      warnings,
      definition: pipeline,
      ...(options.policies ? { policies: options.policies } : {}),
    },
    options,
  );
}
