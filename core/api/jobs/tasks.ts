import { basename } from 'node:path';
import type { JobOutcome, JobRequest, JobWorkerData, ProgressReporter } from './protocol.js';
import { stagedPath } from './staging.js';
import { runReasoning } from './reason-task.js';
import { runOptimisation } from './optimize-task.js';
import type { ImportReportView } from '../contract/index.js';
import { openDatabase, type Db } from '../../db/open.js';
import type { ImportFiles, ImportMapping, ImportReport } from '../../import/index.js';
import { importAndRefresh } from '../../jobs/import.js';

type ImportRequest = Extract<JobRequest, { kind: 'import' }>;

function reportView(report: ImportReport): ImportReportView {
  return {
    ok: report.ok,
    counts: report.counts,
    errorCount: report.errorCount,
    warningCount: report.warningCount,
    // The staged copy's folder means nothing to the associate: the file's own name does.
    issues: report.issues.map((issue) => ({ ...issue, file: basename(issue.file) })),
    invalidRows: report.invalidRows,
    skippedRows: report.files
      .filter((f) => f.invalid > 0)
      .map((f) => ({ file: basename(f.file), rows: f.invalid, csvPath: f.skippedRowsFile })),
  };
}

function importMapping(request: ImportRequest): ImportMapping | undefined {
  const mapping = request.mapping as ImportMapping | undefined;
  if (request.preset === undefined) return mapping;
  return { ...mapping, extends: request.preset };
}

/**
 * The import workflow as a job, or its dry run (the same importer on an in-memory copy of the database, so
 * the report is exactly what the real import would give).
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
  const { report, refresh } = await importAndRefresh(db, files, {
    dryRun: request.dryRun,
    skipInvalid: request.skipInvalid,
    signal,
    onProgress: ({ step, done, total }) => progress(step, done, total),
  });
  const written = Object.values(report.counts).reduce((n, c) => n + c.inserted + c.updated, 0);
  const skipped =
    report.invalidRows > 0
      ? `; ${report.invalidRows} row${report.invalidRows === 1 ? '' : 's'} with problems ${request.dryRun ? 'would be ' : ''}skipped`
      : '';
  const message = !report.ok
    ? `nothing was written: ${report.errorCount} problem${report.errorCount === 1 ? '' : 's'} to fix`
    : request.dryRun
      ? `ready to import: ${written} records would be added or updated${skipped}`
      : `imported: ${written} records added or updated${skipped}${refresh?.message ? `; ${refresh.message}` : ''}`;
  return { message, runId: null, importReport: { ...reportView(report), engineRefresh: refresh } };
}

/** Runs one job's core function on its own database connection (the worker's). */
export async function runTask(
  data: JobWorkerData,
  signal: AbortSignal,
  progress: ProgressReporter,
): Promise<JobOutcome> {
  const db = openDatabase(data.dbFile, { key: data.dbKey });
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
