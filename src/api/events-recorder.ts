/**
 * The events recorder of one API call (docs/events.md): turns what runs report into EventBridge-shaped events,
 * appends them (masked) to the state folder's events log and hands them to the codelocal.yml targets. Recording
 * is a side channel: a log or target that fails is reported as a notice, never as a failure of the run.
 */
import type { Build, BuildIdentity, BuildServices, PreparedBuild } from '../engine/codebuild/index.js';
import { buildStateEvent, type AwsEvent, type BuildSnapshot, type EventContext } from '../model/index.js';
import { EventsLog } from '../stores/index.js';
import { logger } from '../util/index.js';
import type { Workspace } from '../workspace/index.js';
import { eventTargets, type TargetDispatcher } from './events-targets.js';

export interface EventsRecorder {
  /** The account and region events carry unless a build or action names its own region. */
  readonly context: EventContext;
  /** Appends the event to the log and queues it for the targets. */
  record(event: AwsEvent): void;
  /** Build hooks that also record "CodeBuild Build State Change" (IN_PROGRESS at start, the final status at the end). */
  withBuildHooks<H extends Pick<BuildServices, 'afterBuild' | 'buildStarted'>>(hooks: H): H;
  /** Waits for the targets to receive everything recorded so far. */
  flush(): Promise<void>;
}

export interface RecorderOptions {
  /** Where problems with the log or a target are reported (default: the logger, as warnings). */
  onNotice?: (message: string) => void;
  region?: string;
}

/** A build's `notice` (which takes whole lines) as a recorder notice; undefined keeps the logger default. */
export function noticeLine(notice?: (text: string) => void): ((message: string) => void) | undefined {
  return notice ? (message) => notice(`${message}\n`) : undefined;
}

/** What a build looks like the moment it has an id: SUBMITTED, nothing run yet. */
function startedSnapshot(identity: BuildIdentity, p: PreparedBuild): BuildSnapshot {
  const start = new Date(identity.startTimeMs).toISOString();
  const env = p.project.environment;
  return {
    id: identity.id,
    arn: identity.arn,
    projectName: identity.projectName,
    buildStatus: 'IN_PROGRESS',
    currentPhase: 'SUBMITTED',
    startTime: start,
    buildComplete: false,
    initiator: p.request.initiator ?? process.env.USER ?? 'codelocal',
    timeoutInMinutes: p.request.timeoutInMinutes ?? p.project.timeoutInMinutes,
    environment: {
      type: env.type,
      image: p.requestedImage,
      computeType: env.computeType,
      privilegedMode: p.request.privileged ?? env.privilegedMode,
      environmentVariables: env.environmentVariables,
    },
    source: {
      type: p.project.source.type,
      ...(p.project.source.location ? { location: p.project.source.location } : {}),
    },
    logs: {
      groupName: `/aws/codebuild/${identity.projectName}`,
      streamName: identity.uuid,
      deepLink: `https://console.aws.amazon.com/cloudwatch/home?region=${identity.region}#logEvent:group=/aws/codebuild/${identity.projectName};stream=${identity.uuid}`,
    },
    phases: [{ phaseType: 'SUBMITTED', startTime: start }],
  };
}

export function openEventsRecorder(ws: Workspace, o: RecorderOptions = {}): EventsRecorder {
  const notice = o.onNotice ?? ((m: string) => logger().warn(m));
  const { accountId, region } = ws.config.config;
  const context: EventContext = { account: accountId, region: o.region ?? region };
  const log = new EventsLog(ws.state.eventsLog, ws.masker);
  const targets: TargetDispatcher = eventTargets(ws.config.config.events?.targets ?? [], {
    cwd: ws.config.projectRoot,
    onFailure: notice,
  });
  let logBroken = false;
  const record = (event: AwsEvent) => {
    let written = event;
    try {
      written = log.append(event);
    } catch (e) {
      // Said once: a full disk would otherwise repeat it for every event.
      if (!logBroken) notice(`events log ${log.path} cannot be written: ${(e as Error).message}`);
      logBroken = true;
      written = ws.masker.maskDeep(event);
    }
    targets.deliver(written);
  };
  const buildContext = (region: string, account: string): EventContext => ({ account, region });
  return {
    context,
    record,
    withBuildHooks(hooks) {
      return {
        ...hooks,
        buildStarted: (identity: BuildIdentity, p: PreparedBuild) => {
          hooks.buildStarted?.(identity, p);
          record(buildStateEvent(buildContext(identity.region, identity.accountId), startedSnapshot(identity, p)));
        },
        afterBuild: (b: Build) => {
          hooks.afterBuild?.(b);
          const [, , , r = context.region, a = context.account] = b.arn.split(':');
          record(buildStateEvent(buildContext(r, a), b));
        },
      };
    },
    flush: () => targets.flush(),
  };
}
