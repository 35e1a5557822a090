/**
 * One local EKS cluster's API endpoint: an HTTPS server that authenticates the build's EKS token as
 * EKS does, maps the caller to a Kubernetes identity (access entries / aws-auth), and forwards the
 * request to the user's real cluster with the user's own credentials plus impersonation headers, so
 * that the real cluster's RBAC decides (docs/eks.md). An unmapped caller gets EKS's 401.
 */
import { createServer, request, type Server } from 'node:https';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { closeServer, listenOn } from '../aws/listen.js';
import type { EksClusterConfig } from '../../workspace/index.js';
import type { EndpointCertificate } from './cert.js';
import { mapPrincipal, type KubernetesIdentity } from './identity.js';
import { loadUpstream, type Upstream } from './kubeconfig.js';
import { callerArn, checkEksToken } from './token.js';

export interface EksProxyOptions {
  name: string;
  cluster: EksClusterConfig;
  certificate: EndpointCertificate;
  /** Origin of the local STS that tokens must point at. */
  stsOrigin: string;
  log: (line: string) => void;
  /** Tests inject an upstream; by default the kubeconfig context of the cluster's settings. */
  upstream?: () => Upstream;
}

/** Headers never passed through: the caller's own credentials and any identity it tries to claim. */
const DROPPED =
  /^(authorization|host|connection|keep-alive|proxy-.*|te|trailer|transfer-encoding|upgrade|impersonate-.*)$/i;

/** What kubectl turns into "error: You must be logged in to the server (Unauthorized)". */
const UNAUTHORIZED = JSON.stringify({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'Unauthorized',
  reason: 'Unauthorized',
  code: 401,
});

function status(code: number, reason: string, message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

export class EksProxy {
  private server?: Server;
  private upstreamCache?: Upstream;
  /** Token → identity for a minute: helm --wait polls, and each poll would otherwise call STS again. */
  private readonly seen = new Map<string, { id?: KubernetesIdentity; arn?: string; until: number }>();

  constructor(private readonly o: EksProxyOptions) {}

  async listen(host: string): Promise<string> {
    const server = createServer({ cert: this.o.certificate.cert, key: this.o.certificate.key }, (req, res) => {
      void this.handle(req, res);
    });
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => void this.upgrade(req, socket, head));
    this.server = server;
    return listenOn(server, host, 0, 'https');
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    await closeServer(s);
  }

  /** The caller's Kubernetes identity, or undefined (then the request is answered 401). */
  async identify(req: IncomingMessage): Promise<KubernetesIdentity | undefined> {
    const token = /^Bearer (.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1]?.trim();
    if (!token) return undefined;
    const hit = this.seen.get(token);
    if (hit && hit.until > Date.now()) return hit.id;
    const check = checkEksToken(token, this.o.stsOrigin);
    let arn: string | undefined;
    if (check.ok) arn = await callerArn(check.url, this.o.name).catch(() => undefined);
    const id = arn ? mapPrincipal(this.o.cluster, arn) : undefined;
    if (!id) {
      const why = !check.ok ? check.reason : arn ? `${arn} is mapped to no Kubernetes user` : 'STS did not answer';
      this.o.log(
        `EKS ${this.o.name}: Unauthorized (${why}); map the build's role with eks.clusters.${this.o.name}.accessEntries ` +
          'or mapRoles in codelocal.yml (docs/eks.md)',
      );
    }
    this.seen.set(token, { id, arn, until: Date.now() + 60_000 });
    return id;
  }

  private upstream(): Upstream {
    this.upstreamCache ??= (
      this.o.upstream ?? (() => loadUpstream(this.o.cluster.context, this.o.cluster.kubeconfig))
    )();
    return this.upstreamCache;
  }

  /** The request to the real cluster: the user's credentials and the caller's identity as impersonation. */
  private async outgoing(req: IncomingMessage, id: KubernetesIdentity) {
    const up = this.upstream();
    const auth = await up.auth();
    const headers: OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!DROPPED.test(k) && v !== undefined) headers[k] = v;
    if (auth.token) headers.authorization = `Bearer ${auth.token}`;
    headers['impersonate-user'] = id.username;
    if (id.groups.length) headers['impersonate-group'] = id.groups;
    // The context's server may carry a path prefix (Rancher, some proxies): keep it before the API path.
    const base = new URL(up.server);
    const asked = new URL(req.url ?? '/', 'https://x');
    const target = new URL(`${base.origin}${base.pathname.replace(/\/$/, '')}${asked.pathname}${asked.search}`);
    return request(target, {
      method: req.method,
      headers,
      ca: up.ca,
      cert: auth.cert ?? up.cert,
      key: auth.key ?? up.key,
      rejectUnauthorized: !up.insecure,
      servername: up.tlsServerName,
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const id = await this.identify(req);
      if (!id) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(UNAUTHORIZED);
        return;
      }
      const out = await this.outgoing(req, id);
      out.on('response', (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      out.on('error', (e) => this.fail(res, e));
      req.pipe(out);
      res.on('close', () => out.destroy());
    } catch (e) {
      this.fail(res, e as Error);
    }
  }

  private fail(res: ServerResponse, e: Error): void {
    this.o.log(`EKS ${this.o.name}: cannot reach the cluster of context "${this.o.cluster.context}": ${e.message}`);
    if (res.headersSent) return void res.destroy();
    res
      .writeHead(502, { 'content-type': 'application/json' })
      .end(
        status(502, 'BadGateway', `codelocal could not forward to context "${this.o.cluster.context}": ${e.message}`),
      );
  }

  /** exec, attach and port-forward upgrade the connection: forward the upgrade, then splice the sockets. */
  private async upgrade(req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    const id = await this.identify(req).catch(() => undefined);
    if (!id) {
      socket.end(`HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\n\r\n${UNAUTHORIZED}`);
      return;
    }
    const out = await this.outgoing(req, id);
    out.setHeader('connection', 'Upgrade');
    out.setHeader('upgrade', String(req.headers.upgrade ?? ''));
    out.on('upgrade', (up, upSocket, upHead) => {
      const lines = [`HTTP/1.1 101 Switching Protocols`];
      for (let i = 0; i < up.rawHeaders.length; i += 2) lines.push(`${up.rawHeaders[i]}: ${up.rawHeaders[i + 1]}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (upHead.length) socket.write(upHead);
      if (head.length) upSocket.write(head);
      upSocket.pipe(socket).pipe(upSocket);
      const end = () => (socket.destroy(), upSocket.destroy());
      socket.on('error', end);
      upSocket.on('error', end);
    });
    out.on('response', (up) => {
      socket.end(`HTTP/1.1 ${up.statusCode ?? 502} ${up.statusMessage ?? ''}\r\n\r\n`);
    });
    out.on('error', () => socket.destroy());
    out.end();
  }
}
