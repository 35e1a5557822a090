/**
 * The `aws/codebuild/docker:<version>` images (Ubuntu 14.04, 2016-2019) are retired: CodeBuild lists
 * them nowhere today (docs/aws/codebuild.md §6, "Retired"). They differ from the current images in ways other
 * rules would misjudge: they shipped AWS CLI v1 (`pip install awscli==1.*`, so `aws ecr get-login`
 * worked) and an entrypoint that started dockerd itself. One warning here replaces the errors
 * ecr-get-login and docker-without-privileged would report for their projects.
 */
import type { CodeBuildProject } from '../../model/index.js';
import type { BuildspecContext, ProjectLink, Report } from '../types.js';
import { buildspecRule } from './define.js';

const RETIRED_DOCKER_IMAGE = /^aws\/codebuild\/docker:/;

/** A retired `aws/codebuild/docker:*` image (AWS CLI v1, its own dockerd). */
export function isRetiredDockerImage(project: CodeBuildProject): boolean {
  return RETIRED_DOCKER_IMAGE.test(project.environment.image ?? '');
}

/** Every project known to run the buildspec uses a retired docker image (none known: false). */
export function onlyRetiredDockerImages(links: readonly ProjectLink[]): boolean {
  return links.length > 0 && links.every((l) => isRetiredDockerImage(l.project));
}

function check(ctx: BuildspecContext, report: Report): void {
  for (const link of ctx.links) {
    if (!isRetiredDockerImage(link.project)) continue;
    report(
      `project '${link.project.name}' (${link.where}) uses ${link.project.environment.image}, a retired ` +
        'Ubuntu 14.04 image with AWS CLI v1 that CodeBuild no longer lists; move to a current one ' +
        '(aws/codebuild/standard:7.0), which ships AWS CLI v2 and needs PrivilegedMode: true for Docker',
      ctx.commands[0]?.pos,
    );
  }
}

export const retiredImage = buildspecRule(
  {
    id: 'retired-image',
    severity: 'warning',
    summary: 'A project running the buildspec uses a retired `aws/codebuild/docker:*` image.',
    explanation:
      'The `aws/codebuild/docker:1.12.1`, `17.09.0`, `18.09.0`... images were Ubuntu 14.04 images that CodeBuild ' +
      'no longer lists or updates (whether it still starts builds on them is uncertain). They shipped AWS CLI v1, so `aws ecr get-login` worked, and started dockerd ' +
      'from their entrypoint. For projects using them, `ecr-get-login` and `docker-without-privileged` stay ' +
      'silent and this warning says what to change instead: a current image (`aws/codebuild/standard:7.0`), ' +
      '`aws ecr get-login-password | docker login ...`, and `PrivilegedMode: true` for Docker commands. ' +
      'codelocal has no stand-in for them either: map one with `--image-map` or `images:` in codelocal.yml.',
  },
  check,
);
