import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { createApiService, type ApiService } from '../service.js';
import { startWebServer, type WebServer } from './server.js';
import { ensureDemoDatabase } from '../../demo/index.js';
import { logger } from '../../log.js';
import { CoreError } from '../../domain/errors.js';
import type { BookKey } from '../../db/key.js';

const log = logger('web');

/** The checkout's root: core/api/web -> ../../.. */
export const projectRoot = resolve(import.meta.dirname, '../../..');
export const rendererDir = join(projectRoot, 'out', 'renderer');
const workerFile = join(projectRoot, 'core', 'api', 'jobs', 'worker.ts');

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestChange(join(path, name))),
    stat.mtimeMs,
  );
}

/** The built renderer is missing, or older than its sources or the contract it was built against. */
export function rendererNeedsBuild(root = projectRoot): boolean {
  const index = join(root, 'out', 'renderer', 'index.html');
  if (!existsSync(index)) return true;
  const sources = [
    join(root, 'renderer'),
    join(root, 'core', 'api', 'contract.ts'),
    join(root, 'core', 'api', 'types.ts'),
  ];
  const builtAt = statSync(index).mtimeMs;
  return sources.some((source) => existsSync(source) && newestChange(source) > builtAt);
}

/** Builds out/ with electron-vite; its output goes to stderr so stdout's first line stays the URL. */
export function buildRenderer(root = projectRoot): void {
  const require = createRequire(import.meta.url);
  const cli = join(require.resolve('electron-vite/package.json'), '..', 'bin', 'electron-vite.js');
  log.info('building the renderer (electron-vite build)');
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    throw new Error(
      `electron-vite build failed (exit ${result.status ?? result.signal}); see the output above`,
    );
  }
}

/** Web mode's demo boutique lives in the temp folder: created once, reused by later launches. */
export const defaultDemoDatabase = (): string => join(tmpdir(), 'atelier', 'demo-boutique.db');

/**
 * The demo's folder sits in the shared temp folder under a name anyone can guess: it must be ours and private
 * (0700), or another account could swap the book (and what the associate imported into it) or plant a link
 * where it is seeded. A folder someone else made is refused, naming the way out.
 */
export function ensurePrivateFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stat = lstatSync(folder);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid))
    throw new CoreError(
      'unsafe-folder',
      'bad-input',
      `${folder} is ${stat.isDirectory() ? "another account's folder" : 'not a folder of its own (a link?)'}: ` +
        'the demo boutique is not kept there. Remove it, or give a database with --db PATH.',
    );
  if ((stat.mode & 0o077) !== 0) chmodSync(folder, 0o700);
}

/** ATELIER_MODELS_DIR (several joined by the path delimiter), else ~/.atelier/models. */
export function modelDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const chosen = env['ATELIER_MODELS_DIR'];
  return chosen ? chosen.split(delimiter).filter(Boolean) : [join(homedir(), '.atelier', 'models')];
}

export interface WebLaunchOptions {
  readonly dbFile?: string;
  /** The book's key (core/db/book.ts `bookKey`); null or absent: a plain book. */
  readonly dbKey?: BookKey | null;
  readonly port?: number;
  /** Build the renderer when it is missing or stale (default true). */
  readonly build?: boolean;
}

export interface WebLaunch {
  readonly server: WebServer;
  readonly service: ApiService;
  readonly dbFile: string;
  close(): Promise<void>;
}

export async function launchWeb(options: WebLaunchOptions): Promise<WebLaunch> {
  if ((options.build ?? true) && rendererNeedsBuild()) buildRenderer();
  const dbFile = options.dbFile ?? defaultDemoDatabase();
  if (!options.dbFile) {
    ensurePrivateFolder(dirname(dbFile));
    ensureDemoDatabase(dbFile, {}, options.dbKey ?? null);
  }
  const version = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string })
    .version;
  const service = createApiService({
    dbFile,
    dbKey: options.dbKey ?? null,
    mode: 'web',
    version,
    workerFile,
    stagingRoot: tmpdir(),
    modelDirs: modelDirs(),
  });
  try {
    const server = await startWebServer({
      service,
      rendererDir,
      ...(options.port !== undefined ? { port: options.port } : {}),
    });
    return {
      server,
      service,
      dbFile,
      async close() {
        await server.close();
        await service.close();
      },
    };
  } catch (error) {
    await service.close();
    throw error;
  }
}
