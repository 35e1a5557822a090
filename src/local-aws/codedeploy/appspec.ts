/**
 * Reads and checks an EC2/on-premises appspec.yml (codedeploy.md §2) with every problem reported at
 * its file:line:column, before any instance is touched: a deployment that would fail on the first
 * instance for a typo should fail before it starts. Unknown top-level keys are refused, as the
 * CodeDeploy agent refuses them (UNCERTAIN: the agent's exact wording is not reproduced).
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { InputError, ValidationError, type SourcePosition } from '../../errors.js';
import {
  describeNode,
  isNullNode,
  mapEntries,
  nodePosition,
  parseYaml,
  scalarText,
  suggestionSuffix,
  type YamlSource,
} from '../../model/index.js';
import {
  DEFAULT_HOOK_TIMEOUT_SECONDS,
  type AppSpec,
  type AppSpecFileMapping,
  type AppSpecPermission,
  type FileExistsBehavior,
  type HookScript,
} from './appspec-types.js';
import { SCRIPTABLE_EVENTS, type ScriptableEvent } from './lifecycle.js';

const TOP_KEYS = ['version', 'os', 'files', 'file_exists_behavior', 'permissions', 'hooks'];
const PERMISSION_KEYS = ['object', 'pattern', 'except', 'owner', 'group', 'mode', 'acls', 'context', 'type'];
const HOOK_KEYS = ['location', 'timeout', 'runas'];
const BEHAVIORS: FileExistsBehavior[] = ['DISALLOW', 'OVERWRITE', 'RETAIN'];

type Bad = (message: string, pos: SourcePosition | undefined) => void;

interface Reader {
  src: YamlSource;
  bad: Bad;
}

const text = (n: Node | null): string | undefined => (isScalar(n) && !isNullNode(n) ? scalarText(n) : undefined);

function listOf(r: Reader, node: Node | null, what: string, pos: SourcePosition): Node[] {
  if (isNullNode(node)) return [];
  if (!isSeq(node)) {
    r.bad(`${what} must be a list, found ${describeNode(node)}`, pos);
    return [];
  }
  return node.items as Node[];
}

function readFiles(r: Reader, node: Node | null, pos: SourcePosition): AppSpecFileMapping[] {
  const out: AppSpecFileMapping[] = [];
  for (const item of listOf(r, node, 'files', pos)) {
    const at = nodePosition(r.src, item) ?? pos;
    if (!isMap(item)) {
      r.bad(`each entry of files needs source and destination, found ${describeNode(item)}`, at);
      continue;
    }
    const m: Partial<AppSpecFileMapping> = { position: at };
    for (const e of mapEntries(r.src, item)) {
      const v = text(e.value);
      if (e.key !== 'source' && e.key !== 'destination')
        r.bad(`unknown key "files.${e.key}"${suggestionSuffix(e.key, ['source', 'destination'])}`, e.pos);
      else if (v === undefined) r.bad(`files.${e.key} must be text`, e.pos);
      else m[e.key] = v;
    }
    if (m.destination !== undefined && !m.destination.startsWith('/'))
      r.bad(`files.destination must be an absolute path on the instance, got "${m.destination}"`, at);
    if (m.source === undefined || m.destination === undefined)
      r.bad('each entry of files needs source and destination', at);
    else out.push(m as AppSpecFileMapping);
  }
  return out;
}

function readPermission(r: Reader, item: Node, at: SourcePosition): AppSpecPermission | undefined {
  if (!isMap(item)) {
    r.bad(`each entry of permissions must be a map with object, found ${describeNode(item)}`, at);
    return undefined;
  }
  const p: AppSpecPermission = { object: '', pattern: '**', except: [], types: ['file', 'directory'], unsupported: [] };
  for (const e of mapEntries(r.src, item)) {
    const v = text(e.value);
    if (!PERMISSION_KEYS.includes(e.key)) {
      r.bad(`unknown key "permissions.${e.key}"${suggestionSuffix(e.key, PERMISSION_KEYS)}`, e.pos);
    } else if (e.key === 'acls' || e.key === 'context') {
      p.unsupported.push(e.key);
    } else if (e.key === 'except' || e.key === 'type') {
      const items = listOf(r, e.value, `permissions.${e.key}`, e.pos).map(text);
      if (items.some((i) => i === undefined)) r.bad(`permissions.${e.key} must be a list of text`, e.pos);
      const words = items.filter((i): i is string => i !== undefined);
      if (e.key === 'except') p.except = words;
      else if (words.some((w) => w !== 'file' && w !== 'directory'))
        r.bad('permissions.type entries must be file or directory', e.pos);
      else p.types = words as AppSpecPermission['types'];
    } else if (v === undefined) {
      r.bad(`permissions.${e.key} must be text`, e.pos);
    } else if (e.key === 'mode' && !/^[0-7]{3,4}$/.test(v)) {
      r.bad(`permissions.mode must be octal digits such as 644 (symbolic modes are not accepted), got "${v}"`, e.pos);
    } else if (
      e.key === 'object' ||
      e.key === 'pattern' ||
      e.key === 'owner' ||
      e.key === 'group' ||
      e.key === 'mode'
    ) {
      p[e.key] = v;
    }
  }
  if (!p.object.startsWith('/')) {
    r.bad('permissions.object must be an absolute path on the instance', at);
    return undefined;
  }
  return p;
}

function readHookScript(r: Reader, item: Node, event: string, at: SourcePosition): HookScript | undefined {
  if (!isMap(item)) {
    r.bad(`each script of hooks.${event} must be a map with location, found ${describeNode(item)}`, at);
    return undefined;
  }
  const h: Partial<HookScript> = { timeoutSeconds: DEFAULT_HOOK_TIMEOUT_SECONDS, position: at };
  for (const e of mapEntries(r.src, item)) {
    const v = text(e.value);
    if (!HOOK_KEYS.includes(e.key))
      r.bad(`unknown key "hooks.${event}.${e.key}"${suggestionSuffix(e.key, HOOK_KEYS)}`, e.pos);
    else if (v === undefined) r.bad(`hooks.${event}.${e.key} must be text`, e.pos);
    else if (e.key === 'timeout') {
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < 1 || n > DEFAULT_HOOK_TIMEOUT_SECONDS)
        r.bad(`hooks.${event}.timeout must be 1-${DEFAULT_HOOK_TIMEOUT_SECONDS} seconds, got "${v}"`, e.pos);
      else h.timeoutSeconds = n;
    } else if (e.key === 'location') h.location = v.replace(/^\/+/, '');
    else h.runas = v;
  }
  if (!h.location) {
    r.bad(`each script of hooks.${event} needs a location`, at);
    return undefined;
  }
  return h as HookScript;
}

function readHooks(r: Reader, node: Node | null, pos: SourcePosition): AppSpec['hooks'] {
  const hooks: AppSpec['hooks'] = {};
  if (isNullNode(node)) return hooks;
  if (!isMap(node)) {
    r.bad(`hooks must map lifecycle events to lists of scripts, found ${describeNode(node)}`, pos);
    return hooks;
  }
  for (const e of mapEntries(r.src, node)) {
    if (!(SCRIPTABLE_EVENTS as readonly string[]).includes(e.key)) {
      r.bad(
        `"${e.key}" is not a lifecycle event scripts can be attached to${suggestionSuffix(e.key, SCRIPTABLE_EVENTS)}`,
        e.pos,
      );
      continue;
    }
    const scripts = listOf(r, e.value, `hooks.${e.key}`, e.pos).map((item) =>
      readHookScript(r, item, e.key, nodePosition(r.src, item) ?? e.pos),
    );
    hooks[e.key as ScriptableEvent] = scripts.filter((s): s is HookScript => s !== undefined);
  }
  return hooks;
}

function readTop(r: Reader, root: Node | null, spec: AppSpec): void {
  const seen = new Set<string>();
  for (const e of mapEntries(r.src, root as Parameters<typeof mapEntries>[1])) {
    seen.add(e.key);
    const v = text(e.value);
    switch (e.key) {
      case 'version':
        if (v !== '0.0') r.bad(`version must be 0.0, got "${v ?? describeNode(e.value)}"`, e.pos);
        break;
      case 'os':
        if (v === 'windows') r.bad('os: windows is not emulated locally (instances are Linux containers)', e.pos);
        else if (v !== 'linux') r.bad(`os must be linux or windows, got "${v ?? describeNode(e.value)}"`, e.pos);
        break;
      case 'file_exists_behavior':
        if (!BEHAVIORS.includes(v as FileExistsBehavior))
          r.bad(`file_exists_behavior must be DISALLOW, OVERWRITE or RETAIN, got "${v}"`, e.pos);
        else spec.fileExistsBehavior = v as FileExistsBehavior;
        break;
      case 'files':
        spec.files = readFiles(r, e.value, e.pos);
        break;
      case 'permissions':
        spec.permissions = listOf(r, e.value, 'permissions', e.pos)
          .map((item) => readPermission(r, item, nodePosition(r.src, item) ?? e.pos))
          .filter((p): p is AppSpecPermission => p !== undefined);
        break;
      case 'hooks':
        spec.hooks = readHooks(r, e.value, e.pos);
        break;
      default:
        if (e.key.toLowerCase() === 'resources')
          r.bad(
            'this AppSpec (Resources) is for a Lambda or ECS deployment; the local stand-in deploys to EC2/on-premises instances only',
            e.pos,
          );
        else r.bad(`unknown key "${e.key}" in the appspec${suggestionSuffix(e.key, TOP_KEYS)}`, e.pos);
    }
  }
  const start = { file: r.src.file, line: 1, column: 1 };
  for (const key of ['version', 'os']) if (!seen.has(key)) r.bad(`the appspec needs "${key}"`, start);
}

/** The appspec of `file` (its text given); throws ValidationError listing every problem. */
export function parseAppSpec(textOfFile: string, file: string): AppSpec {
  const { source, errors } = parseYaml(textOfFile, file, {});
  if (errors.length > 0) throw new ValidationError(errors);
  const problems: InputError[] = [];
  const r: Reader = {
    src: source,
    bad: (message, pos) => problems.push(new InputError('CODEDEPLOY_APPSPEC_INVALID', message, { position: pos })),
  };
  const spec: AppSpec = { os: 'linux', files: [], fileExistsBehavior: 'DISALLOW', permissions: [], hooks: {} };
  const root = source.doc.contents as Node | null;
  if (!isMap(root)) r.bad(`the appspec must be a map, found ${describeNode(root)}`, { file, line: 1, column: 1 });
  else readTop(r, root, spec);
  if (problems.length > 0) throw new ValidationError(problems);
  return spec;
}
