/**
 * JSON schemas of the four state-change events codelocal records, written from docs/aws/eventbridge.md §1.1 (the
 * envelope) and §5.1–§5.2 (the detail fields and their values), so tests can check every recorded event.
 */
import { Ajv, type ValidateFunction } from 'ajv';

const str = { type: 'string' };
const artifacts = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name', 's3location'],
    additionalProperties: false,
    properties: {
      name: str,
      s3location: {
        type: 'object',
        required: ['bucket', 'key'],
        additionalProperties: false,
        properties: { bucket: str, key: str },
      },
    },
  },
};

function envelope(source: string, detailType: string, detail: object, resource: object = str): object {
  return {
    type: 'object',
    required: ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail'],
    additionalProperties: false,
    properties: {
      version: { const: '0' },
      id: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' },
      'detail-type': { const: detailType },
      source: { const: source },
      account: { type: 'string', pattern: '^\\d{12}$' },
      time: { type: 'string', pattern: '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$' },
      region: { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-\\d+$' },
      resources: { type: 'array', items: resource, minItems: 1 },
      detail,
    },
  };
}

const pipelineArn = { type: 'string', pattern: '^arn:aws:codepipeline:[a-z0-9-]+:\\d{12}:[A-Za-z0-9.@_-]+$' };

export const PIPELINE_SCHEMA = envelope(
  'aws.codepipeline',
  'CodePipeline Pipeline Execution State Change',
  {
    type: 'object',
    required: ['pipeline', 'execution-id', 'state', 'version'],
    additionalProperties: false,
    properties: {
      pipeline: str,
      'execution-id': str,
      state: { enum: ['STARTED', 'STOPPING', 'STOPPED', 'SUCCEEDED', 'FAILED', 'SUPERSEDED', 'CANCELED', 'RESUMED'] },
      version: { type: 'number' },
      'execution-trigger': {
        type: 'object',
        required: ['trigger-type'],
        additionalProperties: false,
        properties: { 'trigger-type': str, 'trigger-detail': str },
      },
    },
  },
  pipelineArn,
);

export const STAGE_SCHEMA = envelope(
  'aws.codepipeline',
  'CodePipeline Stage Execution State Change',
  {
    type: 'object',
    required: ['pipeline', 'execution-id', 'stage', 'state', 'version'],
    additionalProperties: false,
    properties: {
      pipeline: str,
      'execution-id': str,
      stage: str,
      state: { enum: ['STARTED', 'SUCCEEDED', 'FAILED', 'RESUMED', 'CANCELED', 'STOPPING', 'STOPPED'] },
      version: { type: 'number' },
    },
  },
  pipelineArn,
);

export const ACTION_SCHEMA = envelope(
  'aws.codepipeline',
  'CodePipeline Action Execution State Change',
  {
    type: 'object',
    required: ['pipeline', 'execution-id', 'stage', 'action', 'state', 'region', 'type', 'version'],
    additionalProperties: false,
    properties: {
      pipeline: str,
      'execution-id': str,
      stage: str,
      action: str,
      state: { enum: ['STARTED', 'SUCCEEDED', 'FAILED', 'ABANDONED', 'CANCELED'] },
      region: str,
      type: {
        type: 'object',
        required: ['owner', 'provider', 'category', 'version'],
        additionalProperties: false,
        properties: { owner: str, provider: str, category: str, version: str },
      },
      version: { type: 'number' },
      'input-artifacts': artifacts,
      'output-artifacts': artifacts,
      'execution-result': {
        type: 'object',
        additionalProperties: false,
        properties: {
          'external-execution-url': str,
          'external-execution-summary': str,
          'external-execution-id': str,
          'error-code': str,
        },
      },
    },
  },
  pipelineArn,
);

const buildTime = { type: 'string', pattern: '^[A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d\\d:\\d\\d (AM|PM)$' };

export const BUILD_SCHEMA = envelope('aws.codebuild', 'CodeBuild Build State Change', {
  type: 'object',
  required: [
    'build-status',
    'project-name',
    'build-id',
    'additional-information',
    'current-phase',
    'current-phase-context',
    'version',
  ],
  additionalProperties: false,
  properties: {
    'build-status': { enum: ['IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'STOPPED', 'FAULT', 'TIMED_OUT'] },
    'project-name': str,
    'build-id': { type: 'string', pattern: '^arn:aws:codebuild:[a-z0-9-]+:\\d{12}:build/.+:.+$' },
    'current-phase': str,
    'current-phase-context': str,
    version: { const: '1' },
    'additional-information': {
      type: 'object',
      required: [
        'environment',
        'timeout-in-minutes',
        'build-complete',
        'initiator',
        'build-start-time',
        'source',
        'logs',
        'phases',
      ],
      properties: {
        'build-complete': { type: 'boolean' },
        'timeout-in-minutes': { type: 'number' },
        initiator: str,
        'build-start-time': buildTime,
        environment: {
          type: 'object',
          required: ['image', 'privileged-mode', 'compute-type', 'type', 'environment-variables'],
        },
        logs: { type: 'object', required: ['stream-name', 'deep-link'] },
        phases: {
          type: 'array',
          items: {
            type: 'object',
            required: ['phase-type', 'start-time', 'phase-context'],
            properties: { 'start-time': buildTime },
          },
        },
      },
    },
  },
});

/** One validator per detail-type. */
export function eventValidators(): Record<string, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true });
  return {
    'CodePipeline Pipeline Execution State Change': ajv.compile(PIPELINE_SCHEMA),
    'CodePipeline Stage Execution State Change': ajv.compile(STAGE_SCHEMA),
    'CodePipeline Action Execution State Change': ajv.compile(ACTION_SCHEMA),
    'CodeBuild Build State Change': ajv.compile(BUILD_SCHEMA),
  };
}
