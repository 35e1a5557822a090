/**
 * The workspace layer's face: opening a project (root, codelocal.yml, state folder, stubs, masker)
 * and the state folder's layout. Layers above import only this file.
 */
export { openWorkspace, openHistory, type Workspace, type WorkspaceOptions } from './workspace.js';
export { findProjectRoot } from './project-root.js';
export {
  StateDir,
  STATE_DIR_NAME,
  buildDirName,
  diskFree,
  resolveStateDirPath,
  type DiskSpace,
  type StateDirSource,
} from './state-dir.js';
export * from './config.js';
export { BuildSessions, isLive, type BuildSession } from './build-sessions.js';
export type { CodeDeployConfig, CodeDeployGroupConfig } from './config-codedeploy.js';
export type { EksAuthenticationMode, EksClusterConfig, EksConfig } from './config-eks.js';
export { processTempFolder, removeProcessTempFolder, sweepProcessTemp } from './process-tmp.js';
export type { EventsConfig, EventTargetConfig } from './config-events.js';
