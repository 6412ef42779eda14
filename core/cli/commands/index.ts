import type { Command } from '../args.js';
import { statsCommand } from './stats.js';

/** Every CLI command. Each lives in its own file; add one line here per command. */
export const commands: readonly Command[] = [statsCommand];
