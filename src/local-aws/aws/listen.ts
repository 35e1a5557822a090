/**
 * Starting and stopping the stand-ins' HTTP(S) servers, shared by the local AWS endpoint and the EKS
 * proxies: the same keep-alive rule (idle sockets must not hold the process open at the end of a run)
 * and the same URL form, IPv6 addresses bracketed.
 */
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

type AnyServer = HttpServer | HttpsServer;

/** Listens on `host` (port 0 = any free port); resolves with `scheme://address:port`. */
export async function listenOn(
  server: AnyServer,
  host: string,
  port: number,
  scheme: 'http' | 'https',
): Promise<string> {
  server.keepAliveTimeout = 2_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const a = server.address() as AddressInfo;
  return `${scheme}://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
}

/** Closes the server and every connection it still holds. */
export async function closeServer(server: AnyServer | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
