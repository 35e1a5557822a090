/**
 * `docker exec` over dockerode: stdout and stderr demultiplexed with the modem's demuxStream, optional stdin
 * (written, then half-closed so the process sees EOF), and the exit code from exec inspect.
 */
import type Docker from 'dockerode';
import { Readable, Writable } from 'node:stream';
import type { ExecOptions, ExecResult } from '../types.js';

function toEnvList(env: Record<string, string> | undefined): string[] | undefined {
  return env ? Object.entries(env).map(([k, v]) => `${k}=${v}`) : undefined;
}

function sink(onChunk: (chunk: Buffer) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      onChunk(chunk);
      done();
    },
  });
}

/** Returns how to detach stdin again (a long-lived Readable such as process.stdin must not stay piped). */
function writeStdin(stream: NodeJS.ReadWriteStream, stdin: NonNullable<ExecOptions['stdin']>): () => void {
  if (typeof stdin === 'string' || Buffer.isBuffer(stdin)) {
    stream.end(stdin);
    return () => undefined;
  }
  // A Readable: pipe ends the socket's write side when the source ends, which is the EOF the process waits for.
  const source = stdin as Readable;
  source.pipe(stream as unknown as Writable);
  return () => source.unpipe(stream as unknown as Writable);
}

/**
 * The output stream can end a moment before the engine records the exit code (the exec is still "Running"):
 * ask again briefly instead of reporting a bogus code.
 */
async function exitCodeOf(exec: Docker.Exec): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null && info.ExitCode !== undefined) return info.ExitCode;
    if (attempt >= 50) return info.ExitCode ?? -1;
    await new Promise((r) => setTimeout(r, attempt < 10 ? 5 : 50));
  }
}

export async function runExec(
  docker: Docker,
  container: Docker.Container,
  cmd: string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const withStdin = options.stdin !== undefined;
  const tty = options.tty ?? false;
  const exec = await container.exec({
    Cmd: cmd,
    Env: toEnvList(options.env),
    WorkingDir: options.workingDir,
    User: options.user,
    Tty: tty,
    AttachStdin: withStdin,
    AttachStdout: true,
    AttachStderr: true,
  });
  // Hijacking is only needed to write stdin; a plain streamed response is cheaper otherwise.
  const stream = (await exec.start({
    hijack: withStdin,
    stdin: withStdin,
    Detach: false,
    Tty: tty,
  })) as NodeJS.ReadWriteStream;

  const collect = !options.onStdout && !options.onStderr;
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = sink(options.onStdout ?? ((c) => collect && out.push(c)));
  const stderr = sink(options.onStderr ?? ((c) => collect && err.push(c)));

  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  if (tty) stream.on('data', (c: Buffer) => stdout.write(c));
  else docker.modem.demuxStream(stream, stdout, stderr);
  if (tty) {
    // The engine refuses a resize before the process runs; after start it applies at once.
    const resize = (size: { rows: number; columns: number }) =>
      exec.resize({ h: size.rows, w: size.columns }).then(
        () => undefined,
        () => undefined, // the process may already have ended: nothing left to resize
      );
    if (options.size) await resize(options.size);
    options.onStarted?.({ resize });
  }
  const detachStdin = withStdin ? writeStdin(stream, options.stdin!) : () => undefined;
  try {
    await ended;
  } finally {
    detachStdin();
  }

  return {
    exitCode: await exitCodeOf(exec),
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}
