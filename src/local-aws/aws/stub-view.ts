/**
 * The parameter/secret stubs as the SSM and Secrets Manager stand-ins need them: with each
 * parameter's type and each secret's versions and stages, which StubStore keeps to itself. Files are
 * read in the same order as the build's StubStore (docs/stubs.md), so a value fetched with the
 * AWS CLI inside a build equals the one the buildspec's `env` got.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StubParameter, StubSecret } from '../../model/index.js';
import { StubStore, defaultStubFiles, parseAssignments } from '../../stores/index.js';

export class StubView extends StubStore {
  readonly params = new Map<string, StubParameter>();
  readonly secretsByName = new Map<string, StubSecret>();

  static read(o: {
    projectRoot: string;
    stateDir?: string;
    files?: readonly string[];
    /** `--parameter NAME=VALUE` / `--secret ID=VALUE` flags, as the build's own stubs take them. */
    parameters?: readonly string[];
    secrets?: readonly string[];
  }): StubView {
    const view = new StubView();
    for (const f of defaultStubFiles(o.projectRoot, o.stateDir)) if (existsSync(f)) view.addFile(f);
    for (const f of o.files ?? []) view.addFile(resolve(o.projectRoot, f));
    for (const [name, value] of parseAssignments(o.parameters ?? [], '--parameter'))
      view.setParameter({ name, value, type: 'String' });
    for (const [name, value] of parseAssignments(o.secrets ?? [], '--secret')) {
      view.setSecret({ name, versions: [{ id: 'v1', stages: ['AWSCURRENT'], value }] });
    }
    return view;
  }

  override setParameter(p: StubParameter): void {
    this.params.set(p.name, p);
    super.setParameter(p);
  }

  override setSecret(s: StubSecret): void {
    this.secretsByName.set(s.name, s);
    super.setSecret(s);
  }

  /** A parameter by name or SSM ARN (`arn:aws:ssm:...:parameter/x` names `/x` or `x`). */
  parameter(name: string): StubParameter | undefined {
    const m = /^arn:[^:]+:ssm:[^:]*:[^:]*:parameter\/(.+)$/.exec(name);
    const candidates = m ? [`/${m[1]}`, m[1]!, name] : [name];
    for (const c of candidates) {
      const p = this.params.get(c);
      if (p) return p;
    }
    return undefined;
  }

  /** A secret by name, partial ARN or full ARN (with its six-character suffix). */
  secret(id: string): StubSecret | undefined {
    const direct = this.secretsByName.get(id);
    if (direct || !id.startsWith('arn:')) return direct;
    const name = id.split(':').slice(6).join(':');
    return (
      this.secretsByName.get(name) ??
      (/-[A-Za-z0-9]{6}$/.test(name) ? this.secretsByName.get(name.slice(0, -7)) : undefined)
    );
  }
}
