/**
 * runtime-versions: resolved against the image's /codebuild/image/config/runtimes.yml the way
 * CodeBuild's agent does (docs/aws/codebuild.md §1.8, §8.24): exact version, `<major>.x`, `latest`, an
 * environment variable, or the runtime's `default` entry for a custom version. Unknown names and
 * versions fail DOWNLOAD_SOURCE with CodeBuild's YAML_FILE_ERROR texts.
 */
import { parse } from 'yaml';

export interface RuntimesFile {
  runtimes: Record<string, { versions: Record<string, { commands: string[] }> }>;
}

export interface RuntimeSelection {
  runtime: string;
  /** The version as requested (after variable expansion). */
  requested: string;
  /** The key of runtimes.yml that was chosen ('default' for a custom version). */
  version: string;
  commands: string[];
  /** For `default` entries: VERSION to export while its commands run. */
  customVersion?: string;
}

export class RuntimeSelectionError extends Error {
  readonly statusCode = 'YAML_FILE_ERROR';
}

export function parseRuntimesFile(text: string): RuntimesFile {
  const doc = (parse(text) ?? {}) as {
    runtimes?: Record<string, { versions?: Record<string, { commands?: unknown[] }> }>;
  };
  const runtimes: RuntimesFile['runtimes'] = {};
  for (const [name, rt] of Object.entries(doc.runtimes ?? {})) {
    const versions: Record<string, { commands: string[] }> = {};
    for (const [v, def] of Object.entries(rt?.versions ?? {})) {
      versions[String(v)] = { commands: (def?.commands ?? []).map(String) };
    }
    runtimes[name] = { versions };
  }
  return { runtimes };
}

/** Expands `$VAR` / `${VAR}` in a runtime version value from the build environment. */
function expand(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, n: string) => env[n] ?? '');
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? -1;
    const y = pb[i] ?? -1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

export function selectRuntimes(
  file: RuntimesFile,
  requested: Record<string, string>,
  env: Record<string, string>,
): RuntimeSelection[] {
  const names = Object.keys(file.runtimes).sort();
  const out: RuntimeSelection[] = [];
  for (const [runtime, raw] of Object.entries(requested)) {
    const rt = file.runtimes[runtime];
    if (!rt) {
      throw new RuntimeSelectionError(
        `Unknown runtime named '${runtime}'. This build image has the following runtimes: ${names.join(', ')}`,
      );
    }
    const want = expand(raw, env).trim();
    const versions = Object.keys(rt.versions).filter((v) => v !== 'default');
    let chosen: string | undefined;
    if (rt.versions[want] && want !== 'default') chosen = want;
    else if (want === 'latest') chosen = [...versions].sort(compareVersions).pop();
    else if (/\.x$/.test(want)) {
      const major = want.slice(0, -2);
      chosen = versions
        .filter((v) => v === major || v.startsWith(major + '.'))
        .sort(compareVersions)
        .pop();
    }
    if (chosen) {
      out.push({ runtime, requested: want, version: chosen, commands: rt.versions[chosen].commands });
    } else if (rt.versions.default) {
      out.push({
        runtime,
        requested: want,
        version: 'default',
        commands: rt.versions.default.commands,
        customVersion: want,
      });
    } else {
      throw new RuntimeSelectionError(
        `Unknown runtime version named '${want}' of ${runtime}. This build image has the following versions: ${versions.sort(compareVersions).join(', ')}`,
      );
    }
  }
  return out;
}
