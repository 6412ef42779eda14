import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ServiceStartError, startServiceProcess } from '../../../electron/main/service-process.js';
import type { ServiceStart } from '../../../electron/service/protocol.js';
import { forked } from './utility-process.js';

// main's side of the API service, against the real service entry in a real child process (utilityProcess.fork
// on Node: see utility-process.ts) over a real database file.
vi.mock('electron', async () => ({ utilityProcess: (await import('./utility-process.js')).utilityProcess }));

const entry = '/opt/Atelier/resources/app.asar/out/main/service.js';
let folder: string;
let dbFile: string;
let start: ServiceStart;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-service-'));
  dbFile = join(folder, 'boutique.db');
  process.env['ATELIER_DB'] = dbFile;
  start = {
    userData: join(folder, 'userData'),
    version: '2.0.0',
    workerFile: join(folder, 'job-worker.js'),
    stagingRoot: join(folder, 'staging'),
    modelDirs: [],
  };
});
afterEach(() => {
  for (const service of forked.splice(0)) if (service.exitCode === null) service.signal('SIGKILL');
  delete process.env['ATELIER_DB'];
  rmSync(folder, { recursive: true, force: true });
});

const later = (ms: number) =>
  new Promise<'still waiting'>((resolve) => setTimeout(resolve, ms, 'still waiting'));

describe('the API service process, from main', () => {
  it('answers each call with its own result, from another process', async () => {
    const service = startServiceProcess({ entry, start });
    const ready = await service.ready;
    expect(ready).toEqual({ pid: forked[0]!.pid, dbFile, createdDemo: false });
    expect(ready.pid).not.toBe(process.pid);

    const [info, unknown, missing, invalid] = await Promise.all([
      service.dispatch('app.info', {}),
      service.dispatch('clients.delete-everything', {}),
      service.dispatch('clients.get', { clientId: 7 }),
      service.dispatch('clients.search', { limit: 0 }),
    ]);
    expect(info).toMatchObject({
      ok: true,
      value: { mode: 'desktop', version: '2.0.0', databaseFile: dbFile, counts: { clients: 0 } },
    });
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'unknown-method' } });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(invalid).toMatchObject({ ok: false, error: { kind: 'invalid-arguments' } });

    await service.close();
    expect(forked[0]!.exitCode).toBe(0);
  });

  it('a crash answers the pending call and every later one with an error, never a hang', async () => {
    const service = startServiceProcess({ entry, start });
    await service.ready;
    const [child] = forked;
    child!.signal('SIGSTOP'); // hung: it can no longer answer
    const pending = service.dispatch('app.info', {});
    expect(await Promise.race([pending, later(300)])).toBe('still waiting');

    child!.signal('SIGKILL');
    const crashed = {
      ok: false,
      error: {
        kind: 'unavailable',
        message: "Atelier's database process stopped unexpectedly (exit code 137); restart Atelier",
      },
    };
    expect(await pending).toEqual(crashed);
    expect(await service.dispatch('clients.search', {})).toEqual(crashed);
    await service.close();
  });

  it('a database from a newer Atelier is refused in the service’s own words; it exits when told', async () => {
    const raw = new Database(dbFile);
    raw.pragma('user_version = 9990');
    raw.close();
    const service = startServiceProcess({ entry, start });
    const refusal = await service.ready.then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(ServiceStartError);
    const { message } = refusal as Error;
    expect(message).toContain(`${dbFile} was written by a newer Atelier (schema version 9990;`);
    expect(message).toContain('Update Atelier to open it; the file was not changed.');
    expect(await service.dispatch('app.info', {})).toEqual({
      ok: false,
      error: { kind: 'unavailable', message: `Atelier could not open its database: ${message}` },
    });
    expect(forked[0]!.exitCode).toBeNull(); // main decides when it ends
    await service.close();
    expect(forked[0]!.exitCode).toBe(0);
  });

  it('closing stops a service that does not close in time', async () => {
    const service = startServiceProcess({ entry, start, closeTimeoutMs: 200 });
    await service.ready;
    forked[0]!.signal('SIGSTOP');
    const started = Date.now();
    await service.close();
    expect(forked[0]!.exitCode).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await service.dispatch('app.info', {})).toEqual({
      ok: false,
      error: { kind: 'unavailable', message: 'Atelier is closing' },
    });
  });
});
