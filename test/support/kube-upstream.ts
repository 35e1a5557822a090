/**
 * A stand-in for the user's real Kubernetes API server in EKS tests: an HTTPS server that records
 * every request it receives (headers, client certificate) and answers like the API would. No cluster
 * can be installed on these machines (docs/eks.md), and none is faked beyond recording what arrives.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { endpointCertificate } from '../../src/local-aws/eks/cert.js';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  clientCertSubject?: string;
}

export interface KubeUpstream {
  url: string;
  requests: RecordedRequest[];
  /** A kubeconfig whose context `ctx` reaches this server with a token and a client certificate. */
  kubeconfig: string;
  close(): Promise<void>;
}

export async function startKubeUpstream(host = '127.0.0.1'): Promise<KubeUpstream> {
  const serverCert = await endpointCertificate([host], ['localhost']);
  const clientCert = await endpointCertificate([], ['codelocal-test-user']);
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(
    { cert: serverCert.cert, key: serverCert.key, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        clientCertSubject: peer?.subject?.CN as string | undefined,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', items: [] }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  const url = `https://${host}:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-kube-'));
  const kubeconfig = join(dir, 'config');
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: real\n  cluster:\n    server: ${url}\n    certificate-authority-data: ${b64(serverCert.cert)}`,
      'users:',
      `- name: me\n  user:\n    token: user-own-token\n    client-certificate-data: ${b64(clientCert.cert)}\n    client-key-data: ${b64(clientCert.key)}`,
      'contexts:',
      '- name: ctx\n  context:\n    cluster: real\n    user: me',
      'current-context: ctx',
      '',
    ].join('\n'),
  );
  return {
    url,
    requests,
    kubeconfig,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
