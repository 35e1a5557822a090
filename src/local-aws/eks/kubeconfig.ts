/**
 * The user's own credentials for the real cluster behind a local EKS cluster: one context of their
 * kubeconfig, resolved the way kubectl does (KUBECONFIG's files, else ~/.kube/config; *-data or file
 * paths; a token, a token file, a client certificate, or an exec plugin such as kind, k3d, minikube
 * and cloud clusters use). The proxy forwards with these and impersonates the build's identity.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { EnvironmentError } from '../../errors.js';

export interface Upstream {
  server: string;
  ca?: Buffer;
  insecure: boolean;
  tlsServerName?: string;
  cert?: Buffer;
  key?: Buffer;
  /** Bearer token (static, from a file, or from an exec plugin: re-read per request through `auth()`). */
  auth(): Promise<{ token?: string; cert?: Buffer; key?: Buffer }>;
}

type Named<T> = { name: string } & T;
interface KubeconfigFile {
  contexts?: Named<{ context: { cluster: string; user: string } }>[];
  clusters?: Named<{ cluster: Record<string, unknown> }>[];
  users?: Named<{ user: Record<string, unknown> }>[];
}

function kubeconfigFiles(explicit?: string): string[] {
  if (explicit) return [explicit];
  const env = process.env.KUBECONFIG;
  return env ? env.split(':').filter(Boolean) : [resolve(homedir(), '.kube', 'config')];
}

function readFile(file: string): KubeconfigFile | undefined {
  try {
    return parse(readFileSync(file, 'utf8')) as KubeconfigFile;
  } catch {
    return undefined;
  }
}

function bytes(data: unknown, file: unknown, base: string): Buffer | undefined {
  if (typeof data === 'string') return Buffer.from(data, 'base64');
  if (typeof file === 'string') return readFileSync(resolve(base, file));
  return undefined;
}

function noContext(context: string, files: string[]): EnvironmentError {
  return new EnvironmentError(
    'EKS_CONTEXT_NOT_FOUND',
    `codelocal's EKS stand-in forwards to the kubeconfig context "${context}", which is not in ${files.join(', ')}: ` +
      'set eks.clusters.<name>.context (and kubeconfig) in codelocal.yml to a context `kubectl config get-contexts` lists',
  );
}

interface ExecCredential {
  status?: { token?: string; clientCertificateData?: string; clientKeyData?: string; expirationTimestamp?: string };
}

/** An exec plugin's credential, cached until it says it expires. */
function execAuth(spec: Record<string, unknown>): Upstream['auth'] {
  let cached: { value: Awaited<ReturnType<Upstream['auth']>>; until: number } | undefined;
  return async () => {
    if (cached && cached.until > Date.now()) return cached.value;
    const env = Object.fromEntries(
      ((spec.env as { name: string; value: string }[]) ?? []).map((e) => [e.name, e.value]),
    );
    const info = { kind: 'ExecCredential', apiVersion: spec.apiVersion, spec: { interactive: false } };
    const r = await execa(String(spec.command), (spec.args as string[]) ?? [], {
      env: { ...env, KUBERNETES_EXEC_INFO: JSON.stringify(info) },
      timeout: 30_000,
    });
    const s = (JSON.parse(r.stdout) as ExecCredential).status ?? {};
    const value = {
      token: s.token,
      cert: s.clientCertificateData ? Buffer.from(s.clientCertificateData) : undefined,
      key: s.clientKeyData ? Buffer.from(s.clientKeyData) : undefined,
    };
    cached = { value, until: s.expirationTimestamp ? Date.parse(s.expirationTimestamp) - 30_000 : Date.now() + 60_000 };
    return value;
  };
}

/** The upstream of `context`, or an EnvironmentError naming the codelocal.yml key to fix. */
export function loadUpstream(context: string, explicitFile?: string): Upstream {
  const files = kubeconfigFiles(explicitFile);
  for (const file of files) {
    const k = readFile(file);
    const ctx = k?.contexts?.find((c) => c.name === context)?.context;
    if (!k || !ctx) continue;
    const base = dirname(file);
    const cluster = k.clusters?.find((c) => c.name === ctx.cluster)?.cluster ?? {};
    const user = k.users?.find((u) => u.name === ctx.user)?.user ?? {};
    const cert = bytes(user['client-certificate-data'], user['client-certificate'], base);
    const key = bytes(user['client-key-data'], user['client-key'], base);
    const tokenFile = typeof user.tokenFile === 'string' ? resolve(base, user.tokenFile) : undefined;
    const exec = user.exec as Record<string, unknown> | undefined;
    const auth: Upstream['auth'] = exec
      ? execAuth(exec)
      : async () => ({
          token: tokenFile ? readFileSync(tokenFile, 'utf8').trim() : (user.token as string | undefined),
        });
    return {
      server: String(cluster.server ?? ''),
      ca: bytes(cluster['certificate-authority-data'], cluster['certificate-authority'], base),
      insecure: cluster['insecure-skip-tls-verify'] === true,
      tlsServerName: cluster['tls-server-name'] as string | undefined,
      cert,
      key,
      auth,
    };
  }
  throw noContext(context, files);
}
