/**
 * What a batch build will run: the batch section expanded into member builds with identifiers and
 * dependencies (docs/aws/codebuild.md §7.1). Pure; feeds `codelocal batch --dry-run` and the batch runner.
 *
 * Identifiers: graph and list tasks keep the identifier the user wrote. Matrix and fanout members are
 * named `build1`, `build2`, ... in expansion order. CodeBuild's own naming for those members is
 * UNCERTAIN (docs/aws/codebuild.md §7.1); this scheme is valid under the identifier rule, short enough to prefix
 * log lines, and stable for a given buildspec. What sets a member apart is in its `label`.
 */
import type { BatchEnv, BatchKind, BatchSpec, BatchTask } from '../model/index.js';

export interface PlannedBatchBuild {
  identifier: string;
  /** What sets this build apart, for people: `buildspec=a.yml MY_VAR=1`; empty for list/graph tasks. */
  label: string;
  /** Buildspec file for this member (relative to the source); undefined: the batch's own buildspec. */
  buildspec?: string;
  image?: string;
  computeType?: string;
  environmentType?: string;
  privilegedMode?: boolean;
  /** Plain variables this member adds as start-build overrides. */
  variables: Record<string, string>;
  dependsOn: string[];
  ignoreFailure: boolean;
  debugSession: boolean;
}

export interface BatchPlan {
  kind: BatchKind;
  fastFail: boolean;
  builds: PlannedBatchBuild[];
  warnings: string[];
}

export function memberIdentifier(index: number): string {
  return `build${index + 1}`;
}

export function planBatch(spec: BatchSpec): BatchPlan {
  const warnings = spec.warnings.map((w) => w.message);
  const common = { kind: spec.kind, fastFail: spec.fastFail, warnings };
  switch (spec.kind) {
    case 'build-graph':
    case 'build-list':
      return { ...common, builds: spec.tasks.map(fromTask) };
    case 'build-matrix':
      return { ...common, builds: expandMatrix(spec.matrix) };
    case 'build-fanout': {
      const { parallelism, ignoreFailure } = spec.fanout;
      const builds = Array.from({ length: parallelism }, (_, i) => ({
        ...fromEnv({ variables: {} }),
        identifier: memberIdentifier(i),
        label: `shard ${i + 1} of ${parallelism}`,
        dependsOn: [],
        ignoreFailure,
        debugSession: false,
      }));
      return { ...common, builds };
    }
  }
}

function fromEnv(
  env: BatchEnv,
): Omit<PlannedBatchBuild, 'identifier' | 'label' | 'dependsOn' | 'ignoreFailure' | 'debugSession'> {
  return {
    image: env.image,
    computeType: env.computeType,
    environmentType: env.type,
    privilegedMode: env.privilegedMode,
    variables: { ...env.variables },
  };
}

function fromTask(t: BatchTask): PlannedBatchBuild {
  return {
    ...fromEnv(t.env),
    identifier: t.identifier,
    label: '',
    buildspec: t.buildspec,
    dependsOn: t.dependOn.map((d) => d.value),
    ignoreFailure: t.ignoreFailure,
    debugSession: t.debugSession,
  };
}

/** One value per dimension: the settings of a single matrix member. */
interface Combination {
  buildspec?: string;
  image?: string;
  computeType?: string;
  variables: [string, string][];
}

/**
 * The cartesian product in a fixed order: buildspec varies slowest, then image, compute type, and the
 * variables in the order written, the last one fastest (like nested loops read top to bottom).
 */
export function matrixCombinations(m: {
  buildspecs: string[];
  images: string[];
  computeTypes: string[];
  variables: { name: string; values: string[] }[];
}): Combination[] {
  let out: Combination[] = [{ variables: [] }];
  const times = <T>(values: T[], apply: (c: Combination, v: T) => Combination) => {
    if (values.length > 0) out = out.flatMap((c) => values.map((v) => apply(c, v)));
  };
  times(m.buildspecs, (c, buildspec) => ({ ...c, buildspec }));
  times(m.images, (c, image) => ({ ...c, image }));
  times(m.computeTypes, (c, computeType) => ({ ...c, computeType }));
  for (const { name, values } of m.variables) {
    times(values, (c, v) => ({ ...c, variables: [...c.variables, [name, v]] }));
  }
  return out;
}

function expandMatrix(m: Extract<BatchSpec, { kind: 'build-matrix' }>['matrix']): PlannedBatchBuild[] {
  return matrixCombinations(m).map((c, i) => {
    // The dynamic value of a dimension wins over the same setting in `static`.
    const base = fromEnv(m.staticEnv);
    const label = [
      c.buildspec !== undefined ? `buildspec=${c.buildspec}` : '',
      c.image !== undefined ? `image=${c.image}` : '',
      c.computeType !== undefined ? `compute-type=${c.computeType}` : '',
      ...c.variables.map(([k, v]) => `${k}=${v}`),
    ].filter(Boolean);
    return {
      ...base,
      identifier: memberIdentifier(i),
      label: label.join(' '),
      buildspec: c.buildspec,
      image: c.image ?? base.image,
      computeType: c.computeType ?? base.computeType,
      variables: { ...base.variables, ...Object.fromEntries(c.variables) },
      dependsOn: [],
      ignoreFailure: m.ignoreFailure,
      debugSession: false,
    };
  });
}
