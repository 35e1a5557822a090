/**
 * The action-type catalogue's Build, Test, Compute and Approval entries (a data table): per type,
 * what CodePipeline checks at create time (docs/aws/codepipeline.md §1.5 counts, §2.2–§2.3, §2.6 keys), the
 * provider module in src/engine/pipeline/actions/ that runs it (none: not emulated), what it needs,
 * and the one sentence of what runs locally.
 */
import type { ActionTypeSpec } from './action-type-spec.js';
import { CONTAINERS, NOTHING, firstInput, notEmulated } from './action-type-helpers.js';

function codeBuild(category: 'Build' | 'Test'): ActionTypeSpec {
  return {
    category,
    owner: 'AWS',
    provider: 'CodeBuild',
    version: '1',
    inputs: { min: 1, max: 5 },
    outputs: { min: 0, max: 5 },
    requiredKeys: ['ProjectName'],
    // UNCERTAIN (§2.2): AWS documents PrimarySource as required with more than one input but the
    // docs do not say whether CreatePipeline or the build rejects it; codelocal rejects it up front.
    conditionalKeys: [
      { key: 'PrimarySource', when: 'when the action has more than one input artifact', applies: (_c, n) => n > 1 },
    ],
    knownKeys: ['ProjectName', 'PrimarySource', 'EnvironmentVariables', 'BatchEnabled', 'CombineArtifacts'],
    artifactKeys: ['PrimarySource'],
    variables: 'dynamic',
    module: 'codebuild',
    needs: CONTAINERS,
    local: (a, { project: p }) => {
      if (!p) return `runs CodeBuild project ${a.configuration.ProjectName ?? '?'}`;
      if (p.missing) return `fails: project ${p.name} is not among the projects given (Project cannot be found)`;
      const how = p.defined ? `project ${p.name}` : `the defaults (project ${p.name} is defined nowhere)`;
      return `runs ${p.buildspec} from ${p.primarySource ?? firstInput(a)} with ${how} in image ${p.image}`;
    },
  };
}

export const BUILD_TEST_ACTION_TYPES: readonly ActionTypeSpec[] = [
  codeBuild('Build'),
  codeBuild('Test'),
  {
    category: 'Compute',
    owner: 'AWS',
    provider: 'Commands',
    version: '1',
    inputs: { min: 1, max: 10 },
    outputs: { min: 0, max: 1 },
    requiredKeys: [],
    knownKeys: ['EnvironmentType', 'ComputeType', 'VpcId', 'Subnets', 'SecurityGroupIds'],
    variables: 'dynamic',
    v2Only: true,
    module: 'commands',
    needs: CONTAINERS,
    local: (a) => {
      const n = a.commands?.length ?? 0;
      return `runs ${n} command${n === 1 ? '' : 's'} in the default CodeBuild standard image with ${firstInput(a)} as the primary source`;
    },
  },
  {
    category: 'Approval',
    owner: 'AWS',
    provider: 'Manual',
    version: '1',
    inputs: { min: 0, max: 0 },
    outputs: { min: 0, max: 0 },
    requiredKeys: [],
    knownKeys: ['NotificationArn', 'CustomData', 'ExternalEntityLink'],
    variables: [],
    module: 'manual-approval',
    needs: NOTHING,
    local: () =>
      'waits for an approval: --approve/--reject, a y/n answer on the terminal, or codelocal pipeline approve',
  },
  notEmulated({
    category: 'Build',
    provider: 'ECRBuildAndPublish',
    does: 'an image build and push to ECR',
    inputs: [0, 1],
    outputs: [0, 0],
    v2Only: true,
  }),
  notEmulated({
    category: 'Test',
    provider: 'DeviceFarm',
    does: 'a Device Farm test run',
    inputs: [1, 1],
    outputs: [0, 0],
  }),
  // Partner test actions the user guide lists (docs/aws/codepipeline.md §2.7); their artifact counts are
  // documented nowhere, so they take what any action type may (0 to 5).
  ...(
    [
      ['Runscope', 'a Runscope API test run'],
      ['GhostInspector', 'a Ghost Inspector UI test suite run'],
      ['BlazeMeter', 'a BlazeMeter load test'],
    ] as const
  ).map(([provider, does]) =>
    notEmulated({ category: 'Test', owner: 'ThirdParty', provider, does, inputs: [0, 5], outputs: [0, 5] }),
  ),
];
