/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Every rule is listed
 * in the driver (with its explanation as help) so viewers can show the fix next to each result.
 * Locations are relative URIs against %SRCROOT% (the folder lint ran in), as code scanning expects.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LintResult } from '../lint.js';
import { RULES } from '../registry.js';
import type { Severity } from '../types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The package has no repository URL yet; its registry page is the one stable address. */
export const INFORMATION_URI = 'https://www.npmjs.com/package/codelocal';

/** Relative paths resolve against %SRCROOT%; a file outside the folder lint ran in gets a file: URI. */
function artifactLocation(path: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(path)) return { uri: pathToFileURL(path).href };
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

export function toSarif(result: LintResult, toolVersion: string): object {
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'codelocal',
            version: toolVersion,
            informationUri: INFORMATION_URI,
            rules: RULES.map((r) => ({
              id: r.id,
              shortDescription: { text: r.summary },
              fullDescription: { text: r.explanation },
              help: { text: r.explanation },
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        columnKind: 'unicodeCodePoints',
        results: result.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId) ?? -1,
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(f.file),
                region: { startLine: f.line, startColumn: f.column },
              },
            },
          ],
        })),
      },
    ],
  };
}

export function formatSarif(result: LintResult, toolVersion: string): string {
  return JSON.stringify(toSarif(result, toolVersion), null, 2) + '\n';
}
