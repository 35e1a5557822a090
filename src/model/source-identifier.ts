/**
 * CodeBuild's rule for source identifiers (CBAPI ProjectSource.sourceIdentifier, docs/aws/codebuild.md §1.5),
 * written once for the CLI's `-s id:dir`, the build engine and the pipeline's secondary inputs.
 */
export const SOURCE_IDENTIFIER = /^[A-Za-z0-9_]{1,127}$/;

/** AWS's own wording (a pipeline build fails with it, docs/aws/codepipeline.md §2.2). */
export const SOURCE_IDENTIFIER_MESSAGE =
  'Invalid input: identifier must contain only alphanumeric characters and underscores and be less than 128 characters in length';
