/**
 * The EC2/on-premises AppSpec as the stand-in uses it (codedeploy.md §2), separate from the reader so
 * the deployer and the instance steps depend on the shape only.
 */
import type { SourcePosition } from '../../errors.js';
import type { ScriptableEvent } from './lifecycle.js';

export type FileExistsBehavior = 'DISALLOW' | 'OVERWRITE' | 'RETAIN';

export interface AppSpecFileMapping {
  /** Relative to the revision root; `/` is the whole revision. */
  source: string;
  /** Absolute folder on the instance. */
  destination: string;
  position: SourcePosition;
}

export interface AppSpecPermission {
  object: string;
  /** Glob on names under `object` (`**`: everything). */
  pattern: string;
  except: string[];
  owner?: string;
  group?: string;
  /** Octal digits as written (`644`, `0755`). */
  mode?: string;
  /** Which entries under `object` (both when not given). */
  types: ('file' | 'directory')[];
  /** acls and context (SELinux) are read but cannot be applied in a container. */
  unsupported: string[];
}

export interface HookScript {
  /** Relative to the revision root. */
  location: string;
  timeoutSeconds: number;
  runas?: string;
  position: SourcePosition;
}

export interface AppSpec {
  /** Only linux: a windows appspec is refused by the reader (instances are Linux containers). */
  os: 'linux';
  files: AppSpecFileMapping[];
  fileExistsBehavior: FileExistsBehavior;
  permissions: AppSpecPermission[];
  hooks: Partial<Record<ScriptableEvent, HookScript[]>>;
}

/** `timeout` when a hook gives none, and the most one event may take (codedeploy.md §3.4). */
export const DEFAULT_HOOK_TIMEOUT_SECONDS = 3600;
