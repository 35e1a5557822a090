/**
 * Lint's claims about what the build does must agree with what the model and the plan produce on the
 * same file (issue 11: `python: 3.10` was said to become 3.1 while the dry-run kept it). For every rule
 * that describes runtime behaviour, each finding's claim is checked against the model, and so is each
 * silence: a value lint does not report must reach the build as written.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, parseDocument, type Node } from 'yaml';
import { loadBuildspec } from '../../../src/model/buildspec.js';
import { loadProjects } from '../../../src/model/project.js';
import { planBuildSteps } from '../../../src/plan/build-plan.js';
import { defaultProject, type CodeBuildProject } from '../../../src/model/project-types.js';
import { filesUnder, lintFixture, RULE_FIXTURES } from './helpers.js';

/** Rules whose messages say what the build will get or do. */
const RUNTIME_RULES = ['yaml-number-changed', 'env-value-type', 'docker-without-privileged'];

function fixtures(rule: string): string[] {
  return filesUnder(join(RULE_FIXTURES, rule)).filter((f) => /\.(ya?ml|json)$/.test(f));
}

function kindOf(file: string): 'template' | 'buildspec' | 'other' {
  const text = readFileSync(file, 'utf8');
  if (/^Resources:/m.test(text) || /"Resources"\s*:/.test(text)) return 'template';
  return /^(?:version|phases):/m.test(text) ? 'buildspec' : 'other';
}

/** Plain scalars of a mapping as written, YAML 1.1 as every loader here reads them. */
function writtenEntries(text: string, path: string[]): [string, string][] {
  let node = parseDocument(text, { version: '1.1' }).contents as Node | null;
  for (const k of path) node = isMap(node) ? (node.get(k, true) as Node | null) : null;
  if (!isMap(node)) return [];
  return node.items.flatMap((p) =>
    isScalar(p.key) && isScalar(p.value) && p.value.source !== undefined && p.value.value !== null
      ? [[String(p.key.value), p.value.source]]
      : [],
  );
}

function projectVariable(project: CodeBuildProject, name: string): string | undefined {
  return project.environment.environmentVariables.find((v) => v.name === name)?.value;
}

describe('lint claims agree with the model', () => {
  for (const rule of RUNTIME_RULES) {
    for (const file of fixtures(rule)) {
      const name = file.slice(RULE_FIXTURES.length + 1);
      it(`${name}: every claim matches the model`, () => {
        const caseRoot = statSync(join(RULE_FIXTURES, name.split('/').slice(0, 2).join('/'))).isDirectory()
          ? join(RULE_FIXTURES, name.split('/').slice(0, 2).join('/'))
          : file;
        const findings = lintFixture(caseRoot).findings.filter((f) => f.ruleId === rule);
        const kind = kindOf(file);
        const mine = findings.filter((f) => file.endsWith(f.file));
        if (kind === 'buildspec' && rule !== 'docker-without-privileged') {
          let spec;
          try {
            spec = loadBuildspec(file);
          } catch {
            return; // rejected by the model: nothing is built from it
          }
          const text = readFileSync(file, 'utf8');
          const plan = planBuildSteps({
            buildspec: spec,
            project: defaultProject('p'),
            image: { requested: 'i', local: 'i' },
            privileged: false,
            timeoutInMinutes: 60,
            source: '.',
            bind: false,
            variables: [],
            warnings: [],
          });
          // Claims: the value the message says the build gets is the model's value.
          for (const f of mine) {
            const empty = /^env\.variables\.(\S+) has no value .*becomes an empty string/.exec(f.message);
            if (empty) {
              expect(spec.env.variables[empty[1]!]).toBe('');
              continue;
            }
            const m = /\.([\w-]+): (\S+) becomes "([^"]*)"/.exec(f.message);
            expect(m, f.message).not.toBeNull();
            const built = f.message.startsWith('env.') ? spec.env.variables[m![1]!] : plan.runtimeVersions[m![1]!];
            expect(built).toBe(m![3]);
          }
          // Silence: every written runtime version and variable reaches the build as written.
          for (const [k, v] of writtenEntries(text, ['phases', 'install', 'runtime-versions']))
            if (!mine.some((f) => f.message.includes(`.${k}:`))) expect(plan.runtimeVersions[k]).toBe(v);
          for (const [k, v] of writtenEntries(text, ['env', 'variables']))
            if (!mine.some((f) => f.message.includes(`.${k}`))) expect(spec.env.variables[k]).toBe(v);
        }
        if (kind === 'template' && rule !== 'docker-without-privileged') {
          const project = [...loadProjects(file).values()][0]!;
          for (const f of mine) {
            const m = /environment variable (\w+): Value (\S+) .* becomes "([^"]*)"/.exec(f.message);
            expect(m, f.message).not.toBeNull();
            expect(projectVariable(project, m![1]!)).toBe(m![3]);
            expect(m![2]).not.toBe(m![3]);
          }
          for (const v of project.environment.environmentVariables) {
            const written = new RegExp(`Name: ${v.name}\\n\\s*Value: (.*)`).exec(readFileSync(file, 'utf8'))?.[1];
            const said = mine.some((f) => f.message.includes(`variable ${v.name}:`));
            if (
              written &&
              !said &&
              !/^["']/.test(written) &&
              rule === 'yaml-number-changed' &&
              /^[\d.]+$/.test(written)
            )
              expect(v.value).toBe(written);
          }
        }
        if (rule === 'docker-without-privileged') {
          for (const f of mine) {
            const m = /project '([^']+)'/.exec(f.message);
            if (!m) continue; // standalone reminder: no claim about a project
            const defined = filesUnder(statSync(caseRoot).isDirectory() ? caseRoot : join(caseRoot, '..'))
              .filter((p) => kindOf(p) === 'template' || p.endsWith('projects.json'))
              .flatMap((p) => [...loadProjects(p).values()]);
            const project = defined.find((p) => p.name === m[1]);
            expect(project?.environment.privilegedMode).toBe(false);
          }
        }
      });
    }
  }
});

describe('windows-not-emulated agrees with the plan', () => {
  for (const file of fixtures('windows-not-emulated').filter((f) => kindOf(f) === 'buildspec')) {
    const name = file.slice(RULE_FIXTURES.length + 1);
    it(`${name}: lint warns exactly when build --dry-run warns`, () => {
      const folder = join(file, '..');
      const linked = name.includes('/') && name.split('/').length > 2;
      const template = filesUnder(folder).find((p) => kindOf(p) === 'template');
      const project = linked && template ? [...loadProjects(template).values()][0]! : defaultProject('p');
      const buildspec = loadBuildspec(file);
      const plan = planBuildSteps({
        buildspec,
        project,
        image: { requested: 'i', local: 'i' },
        privileged: false,
        timeoutInMinutes: 60,
        source: '.',
        bind: false,
        variables: [],
        warnings: [],
      });
      // The plan's own warning, or the buildspec's (a Windows env.shell), which the dry-run prints too.
      const warned = [...plan.warnings, ...buildspec.warnings.map((w) => w.message)];
      const planned = warned.some((w) => w.includes('Windows images are not emulated'));
      const linted = lintFixture(linked ? folder : file).findings.some(
        (f) => f.ruleId === 'windows-not-emulated' && file.endsWith(f.file),
      );
      expect(linted).toBe(planned);
      expect(plan.shell).toBe('sh');
    });
  }
});
