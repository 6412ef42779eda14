import type { Command } from '../args.js';
import { importCommand } from './import.js';
import { exportCommand } from './export.js';
import { statsCommand } from './stats.js';
import { demoCommand } from './demo.js';
import { webCommand } from './web.js';
import { recommendCommand } from './recommend.js';
import { optimizeCommand } from './optimize.js';
import { reasonCommand } from './reason.js';
import { evalCommand } from './eval.js';
import { keyCommand } from './key.js';
import { attributionCommand, contactCommand, todayCommand } from './day.js';
import { clientCommand } from './client.js';
import { backupCommand, restoreCommand } from './backup.js';
import { photosCommand } from './photos.js';

/** Every CLI command. Each lives in its own file; add one line here per command. */
export const commands: readonly Command[] = [
  statsCommand,
  webCommand,
  importCommand,
  exportCommand,
  demoCommand,
  recommendCommand,
  optimizeCommand,
  reasonCommand,
  evalCommand,
  keyCommand,
  todayCommand,
  contactCommand,
  attributionCommand,
  clientCommand,
  photosCommand,
  backupCommand,
  restoreCommand,
];
