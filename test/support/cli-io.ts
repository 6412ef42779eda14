import type { CommandIo } from '../../core/cli/args.js';
import { runCli } from '../../core/cli/run.js';

/**
 * A CommandIo that records what a command prints, for asserting on CLI output without a subprocess; `stdin` is
 * what the command reads from standard input.
 */
export function captureIo(options: { stdin?: string } = {}): CommandIo & { stdout: string; stderr: string } {
  const { stdin } = options;
  const io = {
    stdout: '',
    stderr: '',
    isTty: false,
    errIsTty: false,
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
    ...(stdin !== undefined ? { readStdin: () => Promise.resolve(stdin) } : {}),
  };
  return io;
}

/** Runs the CLI in-process as a user would call it, and returns its exit code and what it printed. */
export async function runCliCaptured(
  argv: readonly string[],
  options: { stdin?: string } = {},
): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(options);
  const code = await runCli([...argv], io);
  return { code, out: io.stdout, err: io.stderr };
}
