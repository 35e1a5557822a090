/**
 * `POST /containers/{id}/attach` with no request body. dockerode sends its options as a JSON body as well as in
 * the query; Docker Engine drops that body, but Podman hands it to the container's stdin, so the agent's first
 * line would be `{"stream":true,...}`. Here the request goes out as the Docker CLI sends it: options in the
 * query, `Content-Length: 0`, headers flushed at once (an empty write), the connection then upgraded to the raw
 * stream. Done through a per-call view of dockerode's modem whose buildRequest swaps the body out, so every
 * transport (unix, tcp+TLS, ssh) keeps working.
 */
import type Docker from 'dockerode';

type Callback = (err: Error | null, data?: unknown) => void;

interface ModemLike {
  dial(options: Record<string, unknown>, callback: Callback): void;
  buildRequest(
    this: ModemLike,
    optionsf: { headers: Record<string, unknown> },
    context: unknown,
    data: unknown,
    cb: Callback,
  ): void;
}

export function attachWithoutBody(docker: Docker, id: string): Promise<NodeJS.ReadWriteStream> {
  const modem = docker.modem as unknown as ModemLike;
  const view = Object.create(modem) as ModemLike;
  view.buildRequest = function (optionsf, context, _data, cb) {
    delete optionsf.headers['Transfer-Encoding'];
    optionsf.headers['Content-Length'] = 0;
    return modem.buildRequest.call(this, optionsf, context, '', cb);
  };
  return new Promise((resolve, reject) => {
    view.dial(
      {
        path: `/containers/${id}/attach?`,
        method: 'POST',
        isStream: true,
        hijack: true,
        openStdin: true,
        statusCodes: { 101: true, 200: true, 400: 'bad parameter', 404: 'no such container', 500: 'server error' },
        options: { stream: true, stdin: true, stdout: true, stderr: true },
      },
      (err, data) => (err ? reject(err) : resolve(data as NodeJS.ReadWriteStream)),
    );
  });
}
