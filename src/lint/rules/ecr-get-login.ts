/** `aws ecr get-login` exists only in AWS CLI v1; current CodeBuild images ship v2, where it is an error. */
import { findInvocation, isInert, logicalLines } from '../shell.js';
import { buildspecRule } from './define.js';
import { onlyRetiredDockerImages } from './retired-image.js';

const GET_LOGIN = /\becr\s+get-login(?!-password)\b/;

export const ecrGetLogin = buildspecRule(
  {
    id: 'ecr-get-login',
    severity: 'error',
    summary: '`aws ecr get-login` was removed in AWS CLI v2.',
    explanation:
      'The curated CodeBuild images ship AWS CLI v2, where `aws ecr get-login` is an invalid choice and the ' +
      'command fails (often hidden inside `$(...)`). Use ' +
      '`aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS --password-stdin ' +
      '<account>.dkr.ecr.<region>.amazonaws.com`. Not reported when every project known to run the buildspec ' +
      'uses a retired `aws/codebuild/docker:*` image (AWS CLI v1): `retired-image` warns about those.',
  },
  (ctx, report) => {
    // The retired aws/codebuild/docker:* images shipped AWS CLI v1; retired-image warns about them.
    if (onlyRetiredDockerImages(ctx.links)) return;
    for (const item of ctx.commands) {
      for (const l of logicalLines(item.text)) {
        if (isInert(l.text) || findInvocation(l.text, /aws/) < 0) continue;
        const m = GET_LOGIN.exec(l.text);
        if (m)
          report(
            "'aws ecr get-login' does not exist in AWS CLI v2; use 'aws ecr get-login-password | docker login --username AWS --password-stdin <registry>'",
            ctx.positionIn(item, l.line, m.index),
          );
      }
    }
  },
);
