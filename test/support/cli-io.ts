import type { CommandIo } from '../../core/cli/args.js';

/** A CommandIo that records what a command prints, for asserting on CLI output without a subprocess. */
export function captureIo(): CommandIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    isTty: false,
    errIsTty: false,
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  return io;
}
