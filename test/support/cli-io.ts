import type { CommandIo } from '../../core/cli/args.js';

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
