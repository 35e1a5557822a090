/**
 * Rules whose findings are the pipeline, template and project validators' own problems
 * (src/model/pipeline*.ts, cloudformation.ts, project*.ts), messages and positions unchanged.
 * Pipeline error codes follow the exception CreatePipeline would raise, so one rule per code.
 */
import { passive } from './define.js';

const P = ['pipeline', 'template'] as const;

export const pipelineStructure = passive({
  id: 'pipeline-structure',
  severity: 'error',
  kinds: P,
  summary: 'The pipeline layout is invalid (InvalidStructureException).',
  explanation:
    'Fewer than two stages, a non-source action in the first stage or a source action later, no artifact store ' +
    'for the pipeline region, a V2-only feature on a V1 pipeline... CodePipeline refuses to create such a ' +
    'pipeline. The message says which rule is broken.',
});

export const pipelineStage = passive({
  id: 'pipeline-stage',
  severity: 'error',
  kinds: P,
  summary: 'A stage declaration is invalid (InvalidStageDeclarationException).',
  explanation:
    'Duplicate stage names, duplicate action names inside a stage, a ROLLBACK result in a PARALLEL pipeline. ' +
    'Rename or restructure as the message says.',
});

export const pipelineAction = passive({
  id: 'pipeline-action',
  severity: 'error',
  kinds: P,
  summary: 'An action declaration is invalid (InvalidActionDeclarationException).',
  explanation:
    'An unknown provider, missing required configuration, wrong number of input or output artifacts, an input ' +
    'artifact no earlier action produces, a bad namespace... Fix the action named in the message.',
});

export const pipelineValue = passive({
  id: 'pipeline-value',
  severity: 'error',
  kinds: P,
  summary: 'A field breaks the API constraints (ValidationException).',
  explanation:
    'A name too long or with characters outside the allowed pattern, a missing required field, a number out of ' +
    'range. The message quotes the constraint as the AWS API states it.',
});

export const pipelineShape = passive({
  id: 'pipeline-shape',
  severity: 'error',
  kinds: P,
  summary: 'A pipeline field has the wrong JSON type.',
  explanation:
    'A list where an object is expected, a number where a string is expected, configuration values that are not ' +
    'strings. Fix the type at the reported position.',
});

export const templatePipeline = passive({
  id: 'template-pipeline',
  severity: 'error',
  kinds: ['template'],
  summary: 'CloudFormation rejects the AWS::CodePipeline::Pipeline properties.',
  explanation:
    'Problems CloudFormation reports before CodePipeline sees the pipeline: a Configuration that is not a map of ' +
    'simple values, a malformed ArtifactStores list. Fix the property at the reported position.',
});

export const templateInvalid = passive({
  id: 'template-invalid',
  severity: 'error',
  kinds: ['template'],
  summary: 'The CloudFormation template itself is invalid.',
  explanation:
    'A resource without Type, a Ref or GetAtt to something that does not exist, a malformed intrinsic function, ' +
    'a parameter value outside AllowedValues. CloudFormation would fail the stack; fix the template.',
});

export const projectInvalid = passive({
  id: 'project-invalid',
  severity: 'error',
  kinds: ['template', 'projects'],
  summary: 'A CodeBuild project definition is invalid.',
  explanation:
    'A project without source or environment, an image missing, an unknown cache mode or environment variable ' +
    'type, an invalid artifact or source identifier. Fix the project property named in the message.',
});

export const pipelineUnknownKey = passive({
  id: 'pipeline-unknown-key',
  severity: 'warning',
  kinds: P,
  summary: 'A pipeline field or action configuration key that is ignored.',
  explanation:
    'The key is not part of the pipeline declaration or not documented for the action provider, so it has no ' +
    'effect: usually a misspelling (the message suggests the known spelling).',
});

export const pipelineArtifactReference = passive({
  id: 'pipeline-artifact-reference',
  severity: 'warning',
  kinds: P,
  summary: 'Action configuration names an artifact that is not one of its inputs.',
  explanation:
    "`TemplatePath: BuildOutput::template.yaml` needs `BuildOutput` among the action's input artifacts; " +
    'CodePipeline accepts the pipeline but the action fails when it runs. Add the artifact to inputArtifacts.',
});

export const pipelineVariableReference = passive({
  id: 'pipeline-variable-reference',
  severity: 'warning',
  kinds: P,
  summary: 'A `#{namespace.variable}` reference that cannot resolve.',
  explanation:
    'The namespace is not declared by any action, or the pipeline variable does not exist: the pipeline is ' +
    'accepted, but the action fails at run time because the variable cannot be resolved. Declare the namespace ' +
    'on the producing action or fix the name.',
});

export const pipelineNoArtifactStore = passive({
  id: 'pipeline-no-artifact-store',
  severity: 'warning',
  kinds: P,
  summary: 'The pipeline has neither artifactStore nor artifactStores.',
  explanation:
    'AWS requires an artifact store (an S3 bucket) for every pipeline; codelocal keeps artifacts locally either ' +
    'way, so it can still run. Add `artifactStore: {type: S3, location: <bucket>}` before deploying.',
});

export const pipelineV2Assumed = passive({
  id: 'pipeline-v2-assumed',
  severity: 'info',
  kinds: P,
  summary: 'The pipeline uses V2 features without declaring pipelineType V2.',
  explanation:
    'Variables, triggers, stage conditions, QUEUED or PARALLEL execution modes and Commands actions are V2 ' +
    'features; the pipeline is treated as V2. Write `pipelineType: V2` to make that explicit.',
});

export const templateWarning = passive({
  id: 'template-warning',
  severity: 'info',
  kinds: ['template'],
  summary: 'Part of the template is not evaluated locally.',
  explanation:
    'Transforms, SSM parameter types, Fn::ImportValue and similar are kept as written or given placeholders, so ' +
    'what is checked may differ from what CloudFormation deploys. Nothing to fix unless the message says so. ' +
    'A warning "template not checked" means a parameter without Default has no value lint can make up that ' +
    'fits its constraints, so nothing in the template was checked: give it a Default, or check the file with ' +
    '`codelocal pipeline validate --parameter-overrides`.',
});

export const pipelineWarning = passive({
  id: 'pipeline-warning',
  severity: 'warning',
  kinds: P,
  summary: 'Any other warning of the pipeline validator.',
  explanation: 'Something CodePipeline accepts but that is likely wrong; the message explains it.',
});
