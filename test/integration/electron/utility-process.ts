import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ForkOptions, UtilityProcess } from 'electron';
import config from '../../../electron.vite.config.js';

/**
 * Electron's utilityProcess.fork on plain Node, faithful where the app relies on it: a real child process
 * (child_process.fork), structured-clone messages ('advanced' serialization), `process.parentPort` in the child
 * (parent-port.ts), an `exit` event with a code, and kill() that ensures the process is reaped (SIGTERM, then
 * SIGKILL after two seconds, as Chromium does).
 */

/**
 * What main forks is a bundle (out/main/service.js); the test runs its source, found where the build finds
 * it: electron.vite.config.ts's main inputs, so a fork of a name the build does not produce fails here too.
 */
const mainInputs = (config as { main: { build: { rolldownOptions: { input: Record<string, string> } } } })
  .main.build.rolldownOptions.input;
const sourceOf = (modulePath: string): string | undefined => mainInputs[basename(modulePath, '.js')];

const require = createRequire(import.meta.url);
const execArgv = [
  '--import',
  pathToFileURL(require.resolve('tsx')).href,
  '--import',
  pathToFileURL(join(import.meta.dirname, 'parent-port.ts')).href,
];

export class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined;
  exitCode: number | null = null;
  readonly stdout = null;
  readonly stderr = null;
  private readonly child: ChildProcess;

  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: ForkOptions,
  ) {
    super();
    const source = sourceOf(modulePath);
    if (!source) throw new Error(`electron.vite.config.ts builds no ${basename(modulePath)} into out/main`);
    this.child = fork(source, args, {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: (options.env as NodeJS.ProcessEnv | undefined) ?? process.env,
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    this.pid = this.child.pid;
    this.child.on('spawn', () => this.emit('spawn'));
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('exit', (code, signal) => {
      this.pid = undefined;
      this.exitCode = code ?? 128 + (signal ? constants.signals[signal] : 0);
      this.emit('exit', this.exitCode);
    });
  }

  postMessage(message: unknown): void {
    if (this.child.connected) this.child.send(message as object);
  }

  kill(): boolean {
    if (this.exitCode !== null) return false;
    const reap = setTimeout(() => this.child.kill('SIGKILL'), 2_000);
    this.child.once('exit', () => clearTimeout(reap));
    return this.child.kill('SIGTERM');
  }

  /** The test's own hand on the process: stop it (SIGSTOP, a hung service) or crash it (SIGKILL). */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Resolves with the exit code (at once if it has exited). */
  exited(): Promise<number> {
    if (this.exitCode !== null) return Promise.resolve(this.exitCode);
    return new Promise((resolve) => this.once('exit', resolve));
  }
}

/** Every process forked in this test file, in order. */
export const forked: FakeUtilityProcess[] = [];

export const utilityProcess = {
  fork(modulePath: string, args: string[] = [], options: ForkOptions = {}): UtilityProcess {
    const child = new FakeUtilityProcess(modulePath, args, options);
    forked.push(child);
    return child;
  },
};
