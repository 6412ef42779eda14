import type { Migration } from './types.js';
import { migration0010 } from './0010-catalog.js';
import { migration0020 } from './0020-clienteling.js';
import { migration0030 } from './0030-features.js';
import { migration0040 } from './0040-engine.js';
import { migration0050 } from './0050-reasoning.js';
import { migration0060 } from './0060-client-search.js';
import { migration0070 } from './0070-outreach.js';
import { migration0080 } from './0080-today.js';
import { migration0090 } from './0090-erasure.js';
import { migration0100 } from './0100-gate-reasons.js';

/** Every schema version, oldest first. Add one line per new migration file. */
export const migrations: readonly Migration[] = [
  migration0010,
  migration0020,
  migration0030,
  migration0040,
  migration0050,
  migration0060,
  migration0070,
  migration0080,
  migration0090,
  migration0100,
];
