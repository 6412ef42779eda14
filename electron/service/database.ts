import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface AppDatabase {
  readonly file: string;
  /** True when this launch created the demo boutique (first launch). */
  readonly createdDemo: boolean;
}

/**
 * The database the app opens: ATELIER_DB if set (a boutique's own file), else atelier.db in the app's data
 * folder, created as the demo boutique on first launch so a new associate sees a living client book.
 */
export async function resolveAppDatabase(
  userData: string,
  env: NodeJS.ProcessEnv,
  ensureDemoDatabase: (file: string) => unknown,
): Promise<AppDatabase> {
  const chosen = env['ATELIER_DB'];
  if (chosen) return { file: chosen, createdDemo: false };
  mkdirSync(userData, { recursive: true });
  const file = join(userData, 'atelier.db');
  if (existsSync(file)) return { file, createdDemo: false };
  await ensureDemoDatabase(file);
  return { file, createdDemo: true };
}
