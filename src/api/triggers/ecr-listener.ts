/**
 * Image pushes to the local registry, from the registry itself: distribution POSTs an event
 * envelope to `http://<gateway>:<notifyPort>/registry-events` for every push (its
 * `notifications: endpoints` setting, made in local-aws/registry/registry.ts), whoever pushed — a
 * build in a pipeline or the user's own `docker push`. No polling. A manifest push with a tag is
 * an ECR "PUSH" (docs/aws/codepipeline.md §10.6); layer uploads and pulls are not. Deliveries the
 * registry queued before this watch began (it retries while nobody listens) are dropped by time.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { EnvironmentError } from '../../errors.js';
import type { LocalEvent } from './local-events.js';

const MANIFEST_TYPE = /manifest|image\.index/;

interface RegistryEnvelope {
  events?: {
    action?: string;
    timestamp?: string;
    target?: { mediaType?: string; digest?: string; repository?: string; tag?: string };
  }[];
}

export type EcrPush = Extract<LocalEvent, { kind: 'ecr' }>;

/** The pushes in one notification envelope, at or after `since` (ms). */
export function pushesOf(body: unknown, since: number): EcrPush[] {
  const events = (body as RegistryEnvelope | undefined)?.events ?? [];
  const out: EcrPush[] = [];
  for (const e of events) {
    const t = e.target;
    if (e.action !== 'push' || !t?.tag || !t.repository || !t.digest) continue;
    if (t.mediaType && !MANIFEST_TYPE.test(t.mediaType)) continue;
    const time = e.timestamp ? Date.parse(e.timestamp) : Date.now();
    if (Number.isFinite(time) && time < since) continue;
    out.push({
      kind: 'ecr',
      repository: t.repository,
      tag: t.tag,
      digest: t.digest,
      time: new Date(time).toISOString(),
    });
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 4 * 1024 * 1024) break;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface EcrListenOptions {
  host: string;
  port: number;
  path: string;
  onEvent(e: EcrPush): void;
  onError?(e: Error): void;
}

export async function listenForPushes(o: EcrListenOptions): Promise<{ close(): Promise<void> }> {
  const since = Date.now() - 1000;
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith(o.path)) {
      res.writeHead(404).end();
      return;
    }
    readBody(req)
      .then((text) => {
        // Answered first: the registry waits for a 2xx before it sends the next envelope.
        res.writeHead(200).end();
        for (const p of pushesOf(JSON.parse(text), since)) o.onEvent(p);
      })
      .catch((e: Error) => {
        if (!res.headersSent) res.writeHead(400).end();
        o.onError?.(e);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new EnvironmentError(
          'WATCH_REGISTRY_LISTENER',
          `cannot listen for local registry pushes on ${o.host}:${o.port}: ${e.code ?? e.message}`,
          {
            details: [
              'another `codelocal pipeline watch` may be listening already: one watch per machine hears pushes',
            ],
          },
        ),
      ),
    );
    server.listen(o.port, o.host, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
