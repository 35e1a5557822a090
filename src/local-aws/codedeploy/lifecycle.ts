/**
 * CodeDeploy's in-place lifecycle on one instance (codedeploy.md §3): the events in order, which of
 * them run the appspec's scripts and which the agent does itself. Kept as data so the order is
 * tested without Docker and the deployer only walks the list.
 */

/** The in-place order without a load balancer (codedeploy.md §3.1). */
export const IN_PLACE_EVENTS = [
  'Start',
  'ApplicationStop',
  'DownloadBundle',
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'ApplicationStart',
  'ValidateService',
  'End',
] as const;

export type LifecycleEvent = (typeof IN_PLACE_EVENTS)[number];

/** Events an appspec may attach scripts to (codedeploy.md §3.2). */
export const SCRIPTABLE_EVENTS = [
  'ApplicationStop',
  'BeforeInstall',
  'AfterInstall',
  'ApplicationStart',
  'ValidateService',
  'BeforeBlockTraffic',
  'AfterBlockTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic',
] as const;

export type ScriptableEvent = (typeof SCRIPTABLE_EVENTS)[number];

/**
 * The traffic events run only when the deployment group has a load balancer; a local group has none,
 * so their hooks are accepted and skipped, as CodeDeploy skips them for a group without one (§3.3).
 */
export const TRAFFIC_EVENTS: readonly ScriptableEvent[] = [
  'BeforeBlockTraffic',
  'AfterBlockTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic',
];

export type EventStep =
  /** Scripts of the appspec named by `from` (the previous revision's for ApplicationStop). */
  | { event: ScriptableEvent; kind: 'hooks'; from: 'previous' | 'current' }
  /** Done by the stand-in (copying the bundle, installing `files`, applying `permissions`). */
  | { event: 'DownloadBundle' | 'Install'; kind: 'agent' }
  /** Nothing to do: Start/End, or ApplicationStop on an instance that never had a successful install. */
  | { event: LifecycleEvent; kind: 'none'; why: string };

/**
 * The steps of one instance's deployment. ApplicationStop runs the scripts of the last revision
 * successfully installed on that instance, so the first deployment to an instance skips it (§3.2).
 */
export function instanceSteps(hasPreviousRevision: boolean): EventStep[] {
  return IN_PLACE_EVENTS.map((event): EventStep => {
    switch (event) {
      case 'Start':
      case 'End':
        return { event, kind: 'none', why: 'marks the deployment' };
      case 'DownloadBundle':
      case 'Install':
        return { event, kind: 'agent' };
      case 'ApplicationStop':
        return hasPreviousRevision
          ? { event, kind: 'hooks', from: 'previous' }
          : { event, kind: 'none', why: 'no revision was installed on this instance before' };
      default:
        return { event, kind: 'hooks', from: 'current' };
    }
  });
}
