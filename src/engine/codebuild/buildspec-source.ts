/**
 * Which buildspec a build (or a batch) reads and where from: the override, else the project's,
 * else buildspec.yml in the source root (docs/aws/codebuild.md §1.1). Paths are relative to the source
 * (fixing the local agent's -b bug, docs/aws/codebuild.md §5.3); an absolute host path that exists is used as is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { assertNoLinkEscape } from '../../archive/index.js';
import { isAbsolute, join } from 'node:path';
import { InputError } from '../../errors.js';
import { classifyBuildspecRef, type CodeBuildProject } from '../../model/index.js';

export interface BuildspecSource {
  text: string;
  /** The host file, or a label for an inline buildspec (for messages). */
  file: string;
  /** Set for inline buildspecs: the text the container gets. */
  inlineText?: string;
  /** Set for buildspec files: their host path. */
  path?: string;
}

export function locateBuildspec(
  override: string | undefined,
  project: CodeBuildProject,
  sourceDir: string,
): BuildspecSource {
  const ref = override ?? project.source.buildspec ?? 'buildspec.yml';
  const kind = classifyBuildspecRef(ref);
  if (kind.kind === 'inline') {
    return { text: kind.text, inlineText: kind.text, file: `${project.definedIn ?? 'project'} (inline buildspec)` };
  }
  if (kind.kind === 's3') {
    throw new InputError(
      'BUILDSPEC_S3_UNSUPPORTED',
      `buildspec ${kind.arn} is an S3 ARN; put the file in the source or inline it`,
    );
  }
  const path = hostBuildspecPath(
    sourceDir,
    kind.path,
    'pass -b PATH (relative to the source folder), or add buildspec.yml to the source root',
  );
  return { text: readFileSync(path, 'utf8'), file: path, path };
}

/** A buildspec path relative to the source, or an existing absolute host path; a missing one is CodeBuild's YAML_FILE_ERROR. */
export function hostBuildspecPath(sourceDir: string, path: string, hint: string): string {
  const file = isAbsolute(path) && existsSync(path) ? path : join(sourceDir, path);
  if (!existsSync(file)) {
    throw new InputError('BUILDSPEC_NOT_FOUND', `YAML_FILE_ERROR Message: stat ${file}: no such file or directory`, {
      details: [hint],
    });
  }
  // A link in the source never reads a host file (docs/security.md); an absolute path given by the user is theirs.
  assertNoLinkEscape(sourceDir, file);
  return file;
}
