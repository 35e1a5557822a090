/**
 * One sentence per provider saying what codelocal does for an action, for `pipeline plan`.
 * The wording describes the local substitute, never the AWS service, so nobody mistakes a plan
 * for a deployment.
 */
import type { ActionDeclaration } from '../model/pipeline-types.js';
import type { PlannedAction, SourceOverride } from './pipeline-plan.js';

function gitSource(repo: string, branch: string | undefined, o: SourceOverride | undefined): string {
  const at = o?.path ?? '.';
  const rev = o?.revision ? `commit ${o.revision}` : `branch ${branch ?? '(none)'}`;
  return `reads the local git repository at ${at} (${rev}) in place of ${repo}`;
}

export function describeAction(p: PlannedAction, a: ActionDeclaration, o: SourceOverride | undefined): string {
  const c = a.configuration;
  const input = p.inputs[0]?.name ?? '(no input)';
  switch (p.actionType) {
    case 'Source/AWS/CodeStarSourceConnection/1':
      return gitSource(c.FullRepositoryId ?? '?', c.BranchName, o);
    case 'Source/AWS/CodeCommit/1':
      return gitSource(`CodeCommit ${c.RepositoryName ?? '?'}`, c.BranchName, o);
    case 'Source/ThirdParty/GitHub/1':
      return gitSource(`${c.Owner ?? '?'}/${c.Repo ?? '?'}`, c.Branch, o);
    case 'Source/AWS/S3/1':
      return o?.path
        ? `reads the local file ${o.path} in place of s3://${c.S3Bucket}/${c.S3ObjectKey}`
        : `reads s3://${c.S3Bucket}/${c.S3ObjectKey} from the local S3 store`;
    case 'Source/AWS/ECR/1':
      return `reads image ${c.RepositoryName}:${c.ImageTag ?? 'latest'} from the local Docker engine and writes imageDetail.json`;
    case 'Build/AWS/CodeBuild/1':
    case 'Test/AWS/CodeBuild/1': {
      const pr = p.project;
      if (!pr) return 'runs a CodeBuild project';
      const how = pr.defined ? `project ${pr.name}` : `the defaults (project ${pr.name} is defined nowhere)`;
      return `runs ${pr.buildspec} from ${pr.primarySource ?? input} with ${how} in image ${pr.image}`;
    }
    case 'Compute/AWS/Commands/1': {
      const n = Array.isArray(a.commands) ? a.commands.length : 0;
      return `runs ${n} command${n === 1 ? '' : 's'} in a CodeBuild standard image with ${input} as the primary source`;
    }
    case 'Approval/AWS/Manual/1':
      return 'waits until the action is approved or rejected (codelocal pipeline approve)';
    case 'Deploy/AWS/ECS/1':
      return `applies ${c.FileName ?? 'imagedefinitions.json'} from ${input} to the local record of ECS service ${c.ClusterName}/${c.ServiceName}`;
    case 'Deploy/AWS/CodeDeployToECS/1':
      return `fills ${c.TaskDefinitionTemplatePath ?? 'taskdef.json'} and ${c.AppSpecTemplatePath ?? 'appspec.yaml'} placeholders and records a blue/green deployment of ${c.ApplicationName}/${c.DeploymentGroupName} locally`;
    case 'Deploy/AWS/S3/1':
      return `copies ${input} ${String(c.Extract).toLowerCase() === 'true' ? 'extracted' : 'as one object'} to s3://${c.BucketName}/${c.ObjectKey ?? ''} in the local S3 store`;
    case 'Deploy/AWS/CloudFormation/1':
      return `${c.ActionMode} on stack ${c.StackName} in the local stack store${c.TemplatePath ? ` (template ${c.TemplatePath})` : ''}`;
    case 'Invoke/AWS/Lambda/1':
      return `invokes function ${c.FunctionName} locally with a CodePipeline job event`;
    default:
      return `cannot run ${p.actionType}: not a supported action type`;
  }
}
