/**
 * Assembles the Build object (CodeBuild API `Build`, as `aws codebuild batch-get-builds` prints it).
 * Secret values never appear: PARAMETER_STORE/SECRETS_MANAGER variables show their reference,
 * as the API does.
 */
import type { Build } from './build-types.js';
import type { BuildResultArgs } from './build-deps.js';

export function assembleBuild(a: BuildResultArgs): Build {
  const { identity, project, record, request } = a;
  const last = record.phases[record.phases.length - 1];
  const envVars = [...a.env.entries.values()]
    .filter((e) => e.source === 'project' || e.source === 'override')
    .map((e) => ({ name: e.name, value: e.value, type: e.type }));
  return {
    id: identity.id,
    arn: identity.arn,
    buildNumber: identity.buildNumber,
    startTime: new Date(identity.startTimeMs).toISOString(),
    endTime: last?.startTime,
    currentPhase: last?.phaseType ?? 'COMPLETED',
    buildStatus: a.status,
    sourceVersion: request.sourceVersion ?? a.input.git?.commit,
    resolvedSourceVersion: request.resolvedSourceVersion ?? a.input.git?.commit,
    projectName: project.name,
    phases: record.phases,
    source: {
      type: project.source.type === 'NO_SOURCE' ? 'NO_SOURCE' : project.source.type,
      location: request.sourceDir,
      buildspec: a.input.inlineBuildspecText ?? a.buildspec.file,
    },
    secondarySources: (request.secondarySources ?? []).map((s) => ({
      type: 'NO_SOURCE',
      location: s.dir,
      sourceIdentifier: s.identifier,
    })),
    artifacts: a.artifacts.primary,
    secondaryArtifacts: a.artifacts.secondary,
    cache: { type: project.cache.type, modes: project.cache.modes.length ? project.cache.modes : undefined },
    environment: {
      type: project.environment.type,
      image: a.input.requestedImage,
      computeType: project.environment.computeType,
      privilegedMode: request.privileged ?? project.environment.privilegedMode,
      environmentVariables: envVars,
    },
    logs: {
      streamName: identity.uuid,
      deepLink: `file://${a.logPath}`,
      path: a.logPath,
    },
    timeoutInMinutes: request.timeoutInMinutes ?? project.timeoutInMinutes,
    buildComplete: true,
    initiator: request.initiator ?? process.env.USER ?? 'codelocal',
    exportedEnvironmentVariables: a.exported,
    reportArns: a.artifacts.reports.map((r) => (r as { arn: string }).arn),
    codelocal: {
      localImage: a.input.localImage,
      reports: a.artifacts.reports,
      warnings: a.warnings,
      failure: a.failure,
    },
  };
}
