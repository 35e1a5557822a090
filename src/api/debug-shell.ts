/**
 * The debug shell: `docker exec` of the in-container shell script (debug-tools.ts) wired to this
 * process's terminal. With a TTY on stdin the exec gets a TTY too, stdin goes raw (Ctrl-C reaches
 * the shell, not codelocal) and the size follows the terminal; without one (a script piping
 * commands into `codelocal attach`) stdin is passed as is and output comes back demultiplexed.
 */
import type { Container, ExecControl } from '../runtime/index.js';
import { SHELL_ARGV } from '../engine/codebuild/index.js';

export interface ShellIO {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  /** stderr of a non-TTY shell (default: output). */
  errorOutput?: NodeJS.WriteStream;
}

export interface DebugShellOptions {
  io?: ShellIO;
  /** Run as this user (the failed command's run-as user). */
  user?: string;
  /** The environment file when no hold is active (default: the 0.2 shell state, env.sh). */
  envFile?: string;
  /** Shown in the prompt, e.g. the build id. */
  title: string;
}

export function defaultShellIO(): ShellIO {
  return { input: process.stdin, output: process.stdout, errorOutput: process.stderr };
}

/** Opens the shell and resolves with its exit code when the user leaves it. */
export async function openDebugShell(container: Container, options: DebugShellOptions): Promise<number> {
  const io = options.io ?? defaultShellIO();
  const tty = Boolean(io.input.isTTY);
  const env: Record<string, string> = { CODELOCAL_SHELL_TITLE: options.title };
  if (options.envFile) env.CODELOCAL_SHELL_ENV = options.envFile;
  if (tty) env.TERM = process.env.TERM && process.env.TERM !== 'dumb' ? process.env.TERM : 'xterm';
  const wasRaw = tty ? io.input.isRaw : false;
  let control: ExecControl | undefined;
  const onResize = () => void control?.resize(sizeOf(io.output));
  if (tty) {
    io.input.setRawMode(true);
    io.output.on('resize', onResize);
  }
  try {
    const r = await container.exec(SHELL_ARGV, {
      env,
      user: options.user,
      tty,
      stdin: io.input,
      size: tty ? sizeOf(io.output) : undefined,
      onStarted: (c) => {
        control = c;
      },
      onStdout: (c) => io.output.write(c),
      onStderr: (c) => (io.errorOutput ?? io.output).write(c),
    });
    return r.exitCode;
  } finally {
    if (tty) {
      io.output.off('resize', onResize);
      io.input.setRawMode(wasRaw);
    }
    // Stop reading the terminal: a flowing stdin would keep this process alive after the build.
    io.input.pause();
  }
}

function sizeOf(out: NodeJS.WriteStream): { rows: number; columns: number } {
  return { rows: out.rows || 24, columns: out.columns || 80 };
}
