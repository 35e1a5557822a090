/**
 * What a file is, decided from its content (cheap text probes first, a JSON parse for JSON):
 *   buildspec  top-level `version` with `phases` or `batch` (or 0.1's `environment_variables`)
 *   pipeline   `pipeline.stages`, or `name` + `stages` (get-pipeline / create-pipeline JSON)
 *   template   `Resources` with an AWS::CodePipeline::Pipeline or AWS::CodeBuild::Project
 *   projects   batch-get-projects output (`projects: [...]`) or one project object
 * A file named like a buildspec is a buildspec unless its content says otherwise, so a broken
 * buildspec.yml still gets its errors reported.
 */
import type { FileKind } from './types.js';
import { isBuildspecName } from './discover.js';

const CFN_TYPES = /AWS::(?:CodePipeline::Pipeline|CodeBuild::Project)\b/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function classifyJsonValue(data: unknown): FileKind {
  if (!isObject(data)) return 'other';
  if (isObject(data.Resources)) {
    const types = Object.values(data.Resources).map((r) => (isObject(r) ? r.Type : undefined));
    if (types.some((t) => typeof t === 'string' && CFN_TYPES.test(t))) return 'template';
  }
  if (isObject(data.pipeline) && Array.isArray(data.pipeline.stages)) return 'pipeline';
  // Bare declarations (create-pipeline input): other tools have `name` + `stages` too, so also ask for actions.
  if (Array.isArray(data.stages) && 'name' in data && data.stages.some((s) => isObject(s) && Array.isArray(s.actions)))
    return 'pipeline';
  if (Array.isArray(data.projects) && data.projects.some((p) => isObject(p) && 'name' in p)) return 'projects';
  if (isObject(data.project) && 'name' in data.project) return 'projects';
  if (typeof data.name === 'string' && isObject(data.source) && isObject(data.environment)) return 'projects';
  return 'other';
}

function classifyJson(text: string): FileKind {
  try {
    return classifyJsonValue(JSON.parse(text));
  } catch {
    // Broken JSON: guess from the text so the syntax error is reported against the right kind of file.
    if (CFN_TYPES.test(text) && text.includes('"Resources"')) return 'template';
    if (text.includes('"stages"')) return 'pipeline';
    if (text.includes('"projects"')) return 'projects';
    return 'other';
  }
}

function classifyYaml(path: string, text: string): FileKind {
  const topKey = (k: string) => new RegExp(`^${k}\\s*:`, 'm').test(text);
  if (topKey('Resources') && CFN_TYPES.test(text)) return 'template';
  // A batch-only buildspec (its members name their own buildspecs) has no phases (docs/aws/codebuild.md §1.7).
  if (topKey('version') && (topKey('phases') || topKey('batch') || topKey('environment_variables'))) return 'buildspec';
  // YAML pipelines only in get-pipeline shape: `name` + `stages` alone would catch Azure and GitLab CI files.
  if (topKey('pipeline') && /^\s+stages\s*:/m.test(text) && /^\s+roleArn\s*:/m.test(text)) return 'pipeline';
  if (isBuildspecName(path)) return 'buildspec';
  return 'other';
}

export function classify(path: string, text: string): FileKind {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (/\.json$/i.test(path)) return classifyJson(body);
  // A JSON document in a .yml file (or a flow-style YAML) is probed like JSON first.
  if (/^\s*\{/.test(body)) {
    const kind = classifyJson(body);
    if (kind !== 'other') return kind;
  }
  return classifyYaml(path, body);
}
