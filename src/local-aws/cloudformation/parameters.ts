/**
 * Stack parameters of the CloudFormation deploy action (docs/aws/codepipeline.md §2.4): the template
 * configuration file's `Parameters`, then `ParameterOverrides` on top, with the two parameter
 * override functions evaluated here (they belong to CodePipeline, not to CloudFormation):
 * `Fn::GetArtifactAtt` [artifact, BucketName|ObjectKey|URL] and `Fn::GetParam` [artifact, file, key].
 */
import { existsSync, readFileSync } from 'node:fs';
import { pathInside } from '../../archive/index.js';

/**
 * What these functions read of an action's input artifact: the pipeline engine's ArtifactInput has it
 * (declared here so local-aws imports no engine type).
 */
export interface ArtifactInput {
  record: { name: string; bucket: string; key: string };
  /** The artifact unpacked into a folder. */
  dir: string;
  /** Set when the object is not a zip; `dir` is then empty. */
  unpackError?: string;
}

/** ParameterOverrides may be at most 1 KB (AWS's limit on the property). */
export const MAX_OVERRIDES_BYTES = 1024;

export class ParameterError extends Error {}

/** `Artifact::path/in/artifact`, the artifact being one of the action's inputs. */
export function artifactPath(
  value: string,
  key: string,
  inputs: ArtifactInput[],
): { input: ArtifactInput; file: string } {
  const at = value.indexOf('::');
  if (at <= 0 || at + 2 >= value.length)
    throw new ParameterError(`${key} must be ArtifactName::path/in/artifact, got "${value}"`);
  const name = value.slice(0, at);
  const input = inputs.find((i) => i.record.name === name);
  if (!input)
    throw new ParameterError(
      `${key} names the artifact ${name}, which is not an input artifact of this action (inputs: ${inputs.map((i) => i.record.name).join(', ') || 'none'})`,
    );
  if (input.unpackError) throw new ParameterError(`${key}: ${input.unpackError}`);
  return { input, file: pathInside(input.dir, value.slice(at + 2)) };
}

function inputNamed(name: unknown, fn: string, inputs: ArtifactInput[]): ArtifactInput {
  const input = inputs.find((i) => i.record.name === name);
  if (!input) throw new ParameterError(`${fn}: ${String(name)} is not an input artifact of this action`);
  return input;
}

function readJson(file: string, what: string): unknown {
  if (!existsSync(file)) throw new ParameterError(`${what} does not exist`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ParameterError(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

export function evaluateOverride(name: string, value: unknown, inputs: ArtifactInput[], region: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const fn = value && typeof value === 'object' ? Object.keys(value) : [];
  const args = fn.length === 1 ? (value as Record<string, unknown>)[fn[0]!] : undefined;
  if (fn[0] === 'Fn::GetArtifactAtt' && Array.isArray(args) && args.length === 2) {
    const r = inputNamed(args[0], 'Fn::GetArtifactAtt', inputs).record;
    if (args[1] === 'BucketName') return r.bucket;
    if (args[1] === 'ObjectKey') return r.key;
    // AWS's URL shape; locally the object is at <state>/s3/<bucket>/<key>.
    if (args[1] === 'URL') return `https://s3.${region}.amazonaws.com/${r.bucket}/${r.key}`;
    throw new ParameterError(
      `Fn::GetArtifactAtt: attribute must be BucketName, ObjectKey or URL, got ${String(args[1])}`,
    );
  }
  if (fn[0] === 'Fn::GetParam' && Array.isArray(args) && args.length === 3) {
    const input = inputNamed(args[0], 'Fn::GetParam', inputs);
    const data = readJson(
      pathInside(input.dir, String(args[1])),
      `Fn::GetParam: ${String(args[1])} in ${input.record.name}`,
    );
    const got = data && typeof data === 'object' ? (data as Record<string, unknown>)[String(args[2])] : undefined;
    if (got === undefined)
      throw new ParameterError(
        `Fn::GetParam: ${String(args[1])} in ${input.record.name} has no key ${String(args[2])}`,
      );
    return typeof got === 'string' ? got : JSON.stringify(got);
  }
  throw new ParameterError(
    `ParameterOverrides: the value of ${name} must be a string, Fn::GetArtifactAtt [artifact, attribute] or Fn::GetParam [artifact, file, key]`,
  );
}

/** Parameters from `TemplateConfiguration`, then `ParameterOverrides`; throws ParameterError. */
export function stackParameters(
  c: Record<string, string>,
  inputs: ArtifactInput[],
  region: string,
): { parameters: Record<string, string>; tags: Record<string, string> } {
  const parameters: Record<string, string> = {};
  let tags: Record<string, string> = {};
  if (c.TemplateConfiguration) {
    const { input, file } = artifactPath(c.TemplateConfiguration, 'TemplateConfiguration', inputs);
    const conf = readJson(file, `TemplateConfiguration ${c.TemplateConfiguration} in ${input.record.name}`) as Record<
      string,
      unknown
    >;
    for (const [k, v] of Object.entries((conf?.Parameters as Record<string, unknown>) ?? {})) parameters[k] = String(v);
    tags = Object.fromEntries(
      Object.entries((conf?.Tags as Record<string, unknown>) ?? {}).map(([k, v]) => [k, String(v)]),
    );
  }
  if (c.ParameterOverrides) {
    if (Buffer.byteLength(c.ParameterOverrides) > MAX_OVERRIDES_BYTES)
      throw new ParameterError(
        `ParameterOverrides is ${Buffer.byteLength(c.ParameterOverrides)} bytes; the limit is 1 KB`,
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(c.ParameterOverrides);
    } catch (e) {
      throw new ParameterError(`ParameterOverrides is not valid JSON: ${(e as Error).message}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new ParameterError('ParameterOverrides must be a JSON object of parameter name to value');
    for (const [k, v] of Object.entries(parsed)) parameters[k] = evaluateOverride(k, v, inputs, region);
  }
  return { parameters, tags };
}
