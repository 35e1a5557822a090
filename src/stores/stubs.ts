/**
 * Local stand-ins for SSM Parameter Store and Secrets Manager, fed by stub files and flags, and
 * resolution with CodeBuild's failure texts (docs/aws/codebuild.md §1.5, §8 item 18).
 *
 * Sources, later ones overriding earlier ones by name:
 *   1. `<project root>/codelocal.stubs.yml`, then `<project root>/.codelocal/stubs.yml` (and the
 *      state folder's `stubs.yml` when the state folder lives elsewhere) — missing files are fine;
 *   2. files listed in codelocal.yml `stubs:`, then files from `--stubs` flags (must exist);
 *   3. `--parameter NAME=VALUE` and `--secret ID=VALUE` flags (split at the first `=`; a secret
 *      whose name contains `=` needs a stub file).
 * File format: src/model/stub-file.ts and docs/stubs.md.
 *
 * Failures are StubResolutionErrors whose `context` is the DOWNLOAD_SOURCE phase context the
 * build engine reports: `Phase context status code: <statusCode> Message: <message>`.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CodelocalError, InputError, type CodeOf } from '../errors.js';
import { type EnvironmentVariableType, parseStubFile, type StubParameter, type StubSecret } from '../model/index.js';
import type { SecretMasker } from './masking.js';

export const DECRYPTED_VARIABLES_ERROR = 'Decrypted Variables Error';
export const SECRETS_MANAGER_ERROR = 'Secrets Manager Error';
export const SECRET_NOT_FOUND_MESSAGE = "ResourceNotFoundException: Secrets Manager can't find the specified secret.";

export interface ResolutionContext {
  statusCode: string;
  message: string;
}

/** A parameter or secret that cannot be resolved: the build fails in DOWNLOAD_SOURCE with `context`. */
export class StubResolutionError extends CodelocalError {
  readonly context: ResolutionContext;
  declare readonly code: CodeOf<'failed'>;
  constructor(code: CodeOf<'failed'>, context: ResolutionContext) {
    super(code, 'failed', `${context.statusCode} Message: ${context.message}`);
    this.context = context;
  }
  get statusCode(): string {
    return this.context.statusCode;
  }
  /** The text after `Phase context status code: ` in the build log. */
  get contextLine(): string {
    return `${this.context.statusCode} Message: ${this.context.message}`;
  }
}

export interface SecretReference {
  /** Name, partial ARN or full ARN (with its colons). */
  secretId: string;
  jsonKey?: string;
  versionStage?: string;
  versionId?: string;
}

function invalidReference(reference: string, why: string): StubResolutionError {
  // UNCERTAIN: CodeBuild's text for a malformed reference is not documented; this keeps its prefix.
  return new StubResolutionError('SECRET_REFERENCE_INVALID', {
    statusCode: SECRETS_MANAGER_ERROR,
    message: `invalid secrets manager reference "${reference}": ${why}`,
  });
}

/**
 * `secret-id:json-key:version-stage:version-id` (docs/aws/codebuild.md §1.5). A full ARN
 * (`arn:aws:secretsmanager:region:acct:secret:name`) has six colons of its own, so the secret id is
 * the first seven fields when the reference starts with `arn:`. Empty fields are skipped
 * (`name:key::version-id`); stage and id are mutually exclusive (mirrors ECS's identical format).
 */
export function parseSecretReference(reference: string): SecretReference {
  const parts = reference.split(':');
  let idParts = 1;
  if (parts[0] === 'arn') {
    if (parts.length < 7 || parts[2] !== 'secretsmanager' || parts[5] !== 'secret' || !parts[6]) {
      throw invalidReference(reference, 'expected arn:<partition>:secretsmanager:<region>:<account>:secret:<name>');
    }
    idParts = 7;
  }
  const secretId = parts.slice(0, idParts).join(':');
  const rest = parts.slice(idParts);
  if (!secretId) throw invalidReference(reference, 'the secret id is empty');
  if (rest.length > 3) throw invalidReference(reference, 'expected secret-id:json-key:version-stage:version-id');
  const [jsonKey, versionStage, versionId] = rest.map((p) => (p === '' ? undefined : p));
  if (versionStage && versionId)
    throw invalidReference(reference, 'version-stage and version-id are mutually exclusive');
  return {
    secretId,
    ...(jsonKey ? { jsonKey } : {}),
    ...(versionStage ? { versionStage } : {}),
    ...(versionId ? { versionId } : {}),
  };
}

/**
 * A realistic ARN for a stub secret: Secrets Manager appends `-` and six random characters; here
 * they derive from the name so the ARN is the same every run.
 */
export function secretArn(name: string, region: string, accountId: string): string {
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const h = createHash('sha256').update(name).digest();
  const suffix = Array.from(h.subarray(0, 6), (b) => alnum[b % alnum.length]).join('');
  return `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${suffix}`;
}

/** `NAME=VALUE` flag values, split at the first `=`. */
export function parseAssignments(values: readonly string[], flag: string): [string, string][] {
  return values.map((v) => {
    const at = v.indexOf('=');
    if (at <= 0) throw new InputError('FLAG_INVALID', `${flag} expects NAME=VALUE, got "${v}"`);
    return [v.slice(0, at), v.slice(at + 1)];
  });
}

export interface StubSources {
  projectRoot: string;
  /** The state folder, when it is not `<project root>/.codelocal`. */
  stateDir?: string;
  /** Stub files from codelocal.yml then from flags, relative to the project root. */
  files?: readonly string[];
  /** `--parameter NAME=VALUE` values. */
  parameters?: readonly string[];
  /** `--secret ID=VALUE` values. */
  secrets?: readonly string[];
  /** Every resolved value is registered here so the build log hides it. */
  masker?: SecretMasker;
}

export function defaultStubFiles(projectRoot: string, stateDir?: string): string[] {
  const files = [join(projectRoot, 'codelocal.stubs.yml'), join(projectRoot, '.codelocal', 'stubs.yml')];
  if (stateDir) {
    const extra = join(resolve(stateDir), 'stubs.yml');
    if (!files.includes(extra)) files.push(extra);
  }
  return files;
}

export class StubStore {
  private readonly parameters = new Map<string, StubParameter>();
  private readonly secrets = new Map<string, StubSecret>();
  private readonly masker: SecretMasker | undefined;
  /** Stub files actually read, in order (for `doctor` and messages). */
  readonly files: string[] = [];

  constructor(options: { masker?: SecretMasker } = {}) {
    this.masker = options.masker;
  }

  static load(sources: StubSources): StubStore {
    const store = new StubStore({ masker: sources.masker });
    for (const f of defaultStubFiles(sources.projectRoot, sources.stateDir)) if (existsSync(f)) store.addFile(f);
    for (const f of sources.files ?? []) store.addFile(resolve(sources.projectRoot, f));
    for (const [name, value] of parseAssignments(sources.parameters ?? [], '--parameter')) {
      store.setParameter({ name, value, type: 'String' });
    }
    for (const [name, value] of parseAssignments(sources.secrets ?? [], '--secret')) {
      store.setSecret({ name, versions: [{ id: 'v1', stages: ['AWSCURRENT'], value }] });
    }
    return store;
  }

  addFile(path: string): void {
    const parsed = parseStubFile(path);
    for (const p of parsed.parameters) this.setParameter(p);
    for (const s of parsed.secrets) this.setSecret(s);
    this.files.push(path);
  }

  setParameter(p: StubParameter): void {
    this.parameters.set(p.name, p);
  }

  setSecret(s: StubSecret): void {
    this.secrets.set(s.name, s);
  }

  parameterNames(): string[] {
    return [...this.parameters.keys()].sort();
  }

  secretNames(): string[] {
    return [...this.secrets.keys()].sort();
  }

  /** The parameter's value (a StringList comes back comma-joined, as GetParameters returns it). */
  resolveParameter(name: string): string {
    for (const candidate of parameterCandidates(name)) {
      const p = this.parameters.get(candidate);
      if (p) return this.reveal(p.value);
    }
    throw new StubResolutionError('PARAMETER_NOT_FOUND', {
      statusCode: DECRYPTED_VARIABLES_ERROR,
      message: `parameter does not exist: ${name}`,
    });
  }

  /**
   * What a template's `{{resolve:ssm:NAME}}` gets: a String or StringList stub's value, else undefined. A
   * SecureString is not read (CloudFormation's `ssm` references read plain parameters only), so a secure
   * value never travels into a template value (docs/fidelity.md, issue 11).
   */
  templateParameter(name: string): string | undefined {
    for (const candidate of parameterCandidates(name)) {
      const p = this.parameters.get(candidate);
      if (p) return p.type === 'SecureString' ? undefined : p.value;
    }
    return undefined;
  }

  /** The value for a CodeBuild `secrets-manager` reference (see parseSecretReference). */
  resolveSecret(reference: string): string {
    const ref = parseSecretReference(reference);
    const secret = this.findSecret(ref.secretId);
    if (!secret) {
      throw new StubResolutionError('SECRET_NOT_FOUND', {
        statusCode: SECRETS_MANAGER_ERROR,
        message: SECRET_NOT_FOUND_MESSAGE,
      });
    }
    const version = ref.versionId
      ? secret.versions.find((v) => v.id === ref.versionId)
      : secret.versions.find((v) => v.stages.includes(ref.versionStage ?? 'AWSCURRENT'));
    if (!version) {
      // UNCERTAIN: wording follows Secrets Manager's GetSecretValue errors; CodeBuild's exact text is not documented.
      const what = ref.versionId ? `VersionId: ${ref.versionId}` : `staging label: ${ref.versionStage ?? 'AWSCURRENT'}`;
      throw new StubResolutionError('SECRET_VERSION_NOT_FOUND', {
        statusCode: SECRETS_MANAGER_ERROR,
        message: `ResourceNotFoundException: Secrets Manager can't find the specified secret value for ${what}`,
      });
    }
    if (!ref.jsonKey) return this.reveal(version.value);
    return this.reveal(jsonKeyValue(version.value, ref.jsonKey));
  }

  /** The shape the build engine's BuildDeps.resolveValue expects. */
  resolveValue(type: EnvironmentVariableType, ref: string): { value: string } | { error: ResolutionContext } {
    try {
      if (type === 'PARAMETER_STORE') return { value: this.resolveParameter(ref) };
      if (type === 'SECRETS_MANAGER') return { value: this.resolveSecret(ref) };
      return { value: ref };
    } catch (e) {
      if (e instanceof StubResolutionError) return { error: e.context };
      throw e;
    }
  }

  private findSecret(secretId: string): StubSecret | undefined {
    const direct = this.secrets.get(secretId);
    if (direct) return direct;
    if (!secretId.startsWith('arn:')) return undefined;
    const name = secretId.split(':').slice(6).join(':');
    // A full ARN ends in `-` plus six random characters; a partial ARN (no suffix) names the secret exactly.
    return this.secrets.get(name) ?? (/-[A-Za-z0-9]{6}$/.test(name) ? this.secrets.get(name.slice(0, -7)) : undefined);
  }

  private reveal(value: string): string {
    this.masker?.add(value);
    return value;
  }
}

/** `arn:aws:ssm:region:acct:parameter/a/b` names `/a/b` (or `a/b`); a plain name names itself. */
function parameterCandidates(name: string): string[] {
  const m = /^arn:[^:]+:ssm:[^:]*:[^:]*:parameter\/(.+)$/.exec(name);
  if (!m) return [name];
  return [`/${m[1]}`, m[1]!, name];
}

function jsonKeyValue(secretText: string, key: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretText);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    // UNCERTAIN: message chosen by codelocal; CodeBuild fails the build here but its text is not documented.
    throw new StubResolutionError('SECRET_NOT_JSON', {
      statusCode: SECRETS_MANAGER_ERROR,
      message: `secret value is not a JSON object, cannot read json key: ${key}`,
    });
  }
  if (!Object.prototype.hasOwnProperty.call(parsed, key)) {
    // UNCERTAIN: message chosen by codelocal (same reasoning as above).
    throw new StubResolutionError('SECRET_JSON_KEY_NOT_FOUND', {
      statusCode: SECRETS_MANAGER_ERROR,
      message: `json key does not exist in secret: ${key}`,
    });
  }
  const value = (parsed as Record<string, unknown>)[key];
  // Non-string members come back as their JSON text (a number as `5432`, an object as `{...}`).
  return typeof value === 'string' ? value : JSON.stringify(value);
}
