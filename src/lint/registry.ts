/**
 * Every lint rule, in the order `--list-rules`, docs/lint.md and SARIF list them. Adding a rule: write it
 * under rules/, add it here, document it in docs/lint.md and add a bad and a good fixture under
 * test/fixtures/lint/rules/<id>/ (the tests check all three).
 */
import { suggestionSuffix } from '../model/index.js';
import type { BuildspecRule, PipelineRule, Rule } from './types.js';
import * as bv from './rules/buildspec-validator.js';
import * as pv from './rules/pipeline-validator.js';
import * as meta from './rules/meta.js';
import { byteOrderMark, crlfLineEndings } from './rules/file-encoding.js';
import { dockerWithoutPrivileged } from './rules/docker-without-privileged.js';
import { githubV1Source } from './rules/github-v1-source.js';
import { crossAccountWithoutKms } from './rules/cross-account-without-kms.js';
import { crossAccountAccess } from './rules/cross-account-access.js';
import { hardcodedAccountId } from './rules/hardcoded-account-id.js';
import { helmWithoutWait } from './rules/helm-without-wait.js';
import { secretsManagerReference } from './rules/secrets-manager-reference.js';
import { multilineWithoutSetE } from './rules/multiline-without-set-e.js';
import { yamlNumberChanged } from './rules/yaml-number-changed.js';
import { envValueType } from './rules/env-value-type.js';
import { awsAccountIdUndefined } from './rules/aws-account-id-undefined.js';
import { ecrGetLogin } from './rules/ecr-get-login.js';
import { installWithoutYes } from './rules/install-without-yes.js';
import { windowsNotEmulated } from './rules/windows-not-emulated.js';
import { retiredImage } from './rules/retired-image.js';

export const RULES: readonly Rule[] = [
  // YAML level, every file kind
  bv.yamlSyntax,
  bv.duplicateKey,
  bv.duplicateKeyLastWins,
  // buildspec validator
  bv.unknownKey,
  bv.unquotedColon,
  bv.emptyCommand,
  bv.commandsNotList,
  bv.scalarAsList,
  bv.runtimeVersionsPhase,
  bv.artifactIdentifier,
  bv.batchIdentifier,
  bv.buildspecVersion,
  bv.buildspecInvalid,
  bv.legacyVersion,
  bv.exportedAwsPrefix,
  bv.reservedVariableName,
  bv.phaseWithoutCommands,
  bv.artifactsWithoutFiles,
  bv.buildspecWarning,
  // buildspec checks
  dockerWithoutPrivileged,
  hardcodedAccountId,
  helmWithoutWait,
  awsAccountIdUndefined,
  secretsManagerReference,
  multilineWithoutSetE,
  yamlNumberChanged,
  envValueType,
  ecrGetLogin,
  installWithoutYes,
  windowsNotEmulated,
  retiredImage,
  crlfLineEndings,
  byteOrderMark,
  // pipelines, templates, projects
  pv.pipelineStructure,
  pv.pipelineStage,
  pv.pipelineAction,
  pv.pipelineValue,
  pv.pipelineShape,
  pv.templatePipeline,
  pv.templateInvalid,
  pv.projectInvalid,
  githubV1Source,
  crossAccountWithoutKms,
  crossAccountAccess,
  pv.pipelineUnknownKey,
  pv.pipelineArtifactReference,
  pv.pipelineVariableReference,
  pv.pipelineNoArtifactStore,
  pv.pipelineV2Assumed,
  pv.templateWarning,
  pv.pipelineWarning,
  // the run itself
  meta.unknownRule,
  meta.configInvalid,
  meta.unrecognizedFile,
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));
export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

export function findRule(id: string): Rule | undefined {
  return BY_ID.get(id);
}

/** `; did you mean 'x'?` for a rule id that does not exist. */
export function ruleSuggestion(id: string): string {
  return suggestionSuffix(id, RULE_IDS);
}

export const BUILDSPEC_RULES = RULES.filter((r): r is BuildspecRule => r.target === 'buildspec');
export const PIPELINE_RULES = RULES.filter((r): r is PipelineRule => r.target === 'pipeline');
