import { basename } from 'node:path';
import type { JobOutcome, JobRequest, JobWorkerData, ProgressReporter } from './protocol.js';
import { stagedPath } from './staging.js';
import { runReasoning } from './reason-task.js';
import { runOptimisation } from './optimize-task.js';
import type { ImportReportView } from '../types.js';
import { inMemoryCopy, openDatabase, type Db } from '../../db/open.js';
import { importFiles, type ImportFiles, type ImportMapping, type ImportReport } from '../../import/index.js';
import { refreshChangedClients, watchClientHistories } from '../../runs/refresh-policy.js';

type ImportRequest = Extract<JobRequest, { kind: 'import' }>;

function reportView(report: ImportReport): ImportReportView {
  return {
    ok: report.ok,
    counts: report.counts,
    errorCount: report.errorCount,
    warningCount: report.warningCount,
    // The staged copy's folder means nothing to the associate: the file's own name does.
    issues: report.issues.map((issue) => ({ ...issue, file: basename(issue.file) })),
  };
}

function importMapping(request: ImportRequest): ImportMapping | undefined {
  const mapping = request.mapping as ImportMapping | undefined;
  if (request.preset === undefined) return mapping;
  return { ...mapping, extends: request.preset };
}

/**
 * An import, or its dry run: the same importer on an in-memory copy of the database, so the report (counts
 * of what would be inserted or updated, every problem) is exactly what the real import would give.
 */
async function runImport(
  db: Db,
  data: JobWorkerData,
  request: ImportRequest,
  signal: AbortSignal,
  progress: ProgressReporter,
): Promise<JobOutcome> {
  const files: { -readonly [K in keyof ImportFiles]: ImportFiles[K] } = { mapping: importMapping(request) };
  for (const file of request.files) files[file.role] = stagedPath(data.stagingDir, file.fileId);
  const target = request.dryRun ? inMemoryCopy(db) : db;
  const watch = request.dryRun ? null : watchClientHistories(db);
  try {
    const report = await importFiles(target, files, {
      signal,
      onProgress: ({ step, done, total }) => progress(step, done, total),
    });
    // After the import has committed, in its own transaction: the engine's run for the clients it changed.
    const refresh = watch && report.ok ? refreshChangedClients(db, watch.changedClients()) : null;
    const written = Object.values(report.counts).reduce((n, c) => n + c.inserted + c.updated, 0);
    const message = !report.ok
      ? `nothing was written: ${report.errorCount} problem${report.errorCount === 1 ? '' : 's'} to fix`
      : request.dryRun
        ? `ready to import: ${written} records would be added or updated`
        : `imported: ${written} records added or updated${refresh?.message ? `; ${refresh.message}` : ''}`;
    return { message, runId: null, importReport: { ...reportView(report), engineRefresh: refresh } };
  } finally {
    watch?.stop();
    if (target !== db) target.close();
  }
}

/** Runs one job's core function on its own database connection (the worker's). */
export async function runTask(
  data: JobWorkerData,
  signal: AbortSignal,
  progress: ProgressReporter,
): Promise<JobOutcome> {
  const db = openDatabase(data.dbFile);
  try {
    const request = data.request;
    switch (request.kind) {
      case 'import':
        return await runImport(db, data, request, signal, progress);
      case 'reason':
        return await runReasoning(db, request, signal, progress);
      case 'optimize':
        return await runOptimisation(db, request, signal, progress);
      default:
        return request satisfies never;
    }
  } finally {
    db.close();
  }
}
