// The architecture's boundaries, each shown failing (CONVENTIONS.md: "each shown failing on a wrong import
// in a test"). dependency-cruiser rules run on tiny trees written to a temp folder with the repository's
// folder names; ESLint rules run on virtual files placed inside the repository's folders. Both load the
// project's own configuration files, so a rule edited there is the rule tested here.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { cruiseWithProjectRules, depcruiseOptions, repoRoot } from '../../../scripts/boundaries/cruise.js';

/** Relative path → file text. */
type Tree = Record<string, string>;

// Packages the rules name, as stubs, so their imports resolve into node_modules/ as in the repository.
const stubPackages: Tree = Object.fromEntries(
  ['better-sqlite3-multiple-ciphers', 'dayjs', 'electron', 'react', 'zod'].flatMap((name) => [
    [`node_modules/${name}/package.json`, JSON.stringify({ name, version: '1.0.0', main: 'index.js' })],
    [`node_modules/${name}/index.js`, 'module.exports = {};\n'],
  ]),
);

const temporaryRoots: string[] = [];
afterAll(() => {
  for (const root of temporaryRoots) rmSync(root, { recursive: true, force: true });
});

function writeTree(tree: Tree): string {
  const root = mkdtempSync(join(tmpdir(), 'atelier-boundaries-'));
  temporaryRoots.push(root);
  for (const [path, text] of Object.entries({ ...stubPackages, ...tree })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Every violation in the tree, as 'rule: from → to', sorted. */
async function violations(tree: Tree): Promise<string[]> {
  const root = writeTree(tree);
  const folders = ['core', 'electron', 'renderer'].filter((folder) =>
    Object.keys(tree).some((path) => path.startsWith(`${folder}/`)),
  );
  const result = await cruiseWithProjectRules(folders, root);
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

interface RuleCase {
  /** The wrong tree and exactly what it breaks. */
  wrong: Tree;
  reported: string[];
  /** A correct sibling: the same kind of thing done right. */
  right: Tree;
}

const kinds = "export const interactionKinds = ['purchase', 'try-on', 'return', 'wish'] as const;\n";

const ruleCases: Record<string, RuleCase> = {
  'no-circular': {
    wrong: {
      'core/engine/graph.ts': "import { score } from './scorer.js';\nexport const graph = () => score();\n",
      'core/engine/scorer.ts':
        "import type { graph } from './graph.js';\nexport const score = (): ReturnType<typeof graph> | 0 => 0;\n",
    },
    // A type-only import closes a cycle too. dependency-cruiser reports each cycle once.
    reported: ['no-circular: core/engine/graph.ts → core/engine/scorer.ts'],
    right: {
      'core/engine/graph.ts': "import { score } from './scorer.js';\nexport const graph = () => score();\n",
      'core/engine/scorer.ts': 'export const score = () => 0;\n',
    },
  },
  'domain-imports-no-other-core': {
    wrong: {
      'core/domain/kinds.ts':
        "import type { RunRow } from '../db/rows.js';\nexport type RunKind = RunRow['kind'];\n",
      'core/db/rows.ts': "export interface RunRow { kind: 'optimize' | 'reason' }\n",
    },
    reported: ['domain-imports-no-other-core: core/domain/kinds.ts → core/db/rows.ts'],
    right: {
      'core/domain/kinds.ts':
        "import { interactionKinds } from './interactions.js';\nexport const all = [...interactionKinds];\n",
      'core/domain/interactions.ts': kinds,
      'core/db/rows.ts':
        "import type { RunKind } from '../domain/runs.js';\nexport interface RunRow { kind: RunKind }\n",
      'core/domain/runs.ts': "export type RunKind = 'optimize' | 'reason';\n",
    },
  },
  'contract-imports-only-domain': {
    wrong: {
      'core/api/contract/clients.ts':
        "import type { StoredInterest } from '../../db/rows.js';\nexport type Interest = StoredInterest;\n",
      'core/db/rows.ts': 'export interface StoredInterest { weight: number }\n',
    },
    reported: ['contract-imports-only-domain: core/api/contract/clients.ts → core/db/rows.ts'],
    right: {
      'core/api/contract/clients.ts':
        "import type { Facet } from '../../domain/features.js';\nimport type { Page } from './shared.js';\nexport type Interests = Page<Facet>;\n",
      'core/api/contract/shared.ts': 'export interface Page<T> { rows: T[] }\n',
      'core/domain/features.ts': "export type Facet = 'style' | 'colour';\n",
    },
  },
  'domain-only-pure-node': {
    wrong: {
      'core/domain/vocabulary.ts':
        "import { readFileSync } from 'node:fs';\nexport const words = readFileSync('words.txt', 'utf8');\n",
    },
    reported: ['domain-only-pure-node: core/domain/vocabulary.ts → fs'],
    right: {
      'core/domain/category-path.ts':
        "import { posix } from 'node:path';\nexport const join = (parts: string[]) => posix.join(...parts);\n",
    },
  },
  'domain-only-zod': {
    wrong: {
      'core/domain/catalog.ts':
        "import type Database from 'better-sqlite3-multiple-ciphers';\nexport type CatalogHandle = typeof Database;\n",
      'core/domain/dates.ts': "import dayjs from 'dayjs';\nexport const today = dayjs;\n",
    },
    reported: [
      'domain-only-zod: core/domain/catalog.ts → node_modules/better-sqlite3-multiple-ciphers/index.js',
      'domain-only-zod: core/domain/dates.ts → node_modules/dayjs/index.js',
      'sqlite-only-in-db: core/domain/catalog.ts → node_modules/better-sqlite3-multiple-ciphers/index.js',
    ],
    right: {
      'core/domain/catalog.ts': "import { z } from 'zod';\nexport const itemSchema = z;\n",
    },
  },
  'engine-no-db': {
    wrong: {
      'core/engine/load.ts':
        "import { openDatabase } from '../db/open.js';\nexport const load = (path: string) => openDatabase(path);\n",
      'core/db/open.ts': 'export const openDatabase = (path: string) => path;\n',
    },
    reported: [
      'engine-imports-only-domain: core/engine/load.ts → core/db/open.ts',
      'engine-no-db: core/engine/load.ts → core/db/open.ts',
    ],
    right: {
      'core/engine/iterate.ts':
        "import { interactionKinds } from '../domain/interactions.js';\nexport const weights = new Float32Array(interactionKinds.length);\n",
      'core/domain/interactions.ts': kinds,
      'core/runs/persist.ts':
        "import { weights } from '../engine/iterate.js';\nexport const persist = () => weights.length;\n",
    },
  },
  'db-not-upward': {
    wrong: {
      'core/db/runs/rows.ts':
        "import { reasonText } from '../../runs/reasons.js';\nexport const text = reasonText;\n",
      'core/runs/reasons.ts': 'export const reasonText = () => "";\n',
    },
    reported: ['db-not-upward: core/db/runs/rows.ts → core/runs/reasons.ts'],
    right: {
      'core/db/clients/types.ts':
        "export type { ClientRow } from '../../api/contract/clients.js';\nexport type { Facet } from '../../domain/features.js';\n",
      'core/api/contract/clients.ts': 'export interface ClientRow { name: string }\n',
      'core/domain/features.ts': "export type Facet = 'style';\n",
    },
  },
  'stages-not-upward': {
    wrong: {
      'core/reasoning/openai/reasoner.ts':
        "import type { Usage } from '../../jobs/reason/types.js';\nexport const usage: Usage | null = null;\n",
      'core/jobs/reason/types.ts': 'export interface Usage { tokens: number }\n',
    },
    reported: ['stages-not-upward: core/reasoning/openai/reasoner.ts → core/jobs/reason/types.ts'],
    right: {
      'core/reasoning/openai/reasoner.ts':
        "import type { Usage } from '../abilities.js';\nexport const usage: Usage | null = null;\n",
      'core/reasoning/abilities.ts': 'export interface Usage { tokens: number }\n',
      'core/jobs/reason/job.ts':
        "import type { Usage } from '../../reasoning/abilities.js';\nexport const u: Usage[] = [];\n",
    },
  },
  'runs-not-upward': {
    wrong: {
      'core/runs/refresh.ts':
        "import { optimize } from '../jobs/optimize.js';\nexport const refresh = optimize;\n",
      'core/jobs/optimize.ts': 'export const optimize = () => 0;\n',
    },
    reported: ['runs-not-upward: core/runs/refresh.ts → core/jobs/optimize.ts'],
    right: {
      'core/jobs/optimize.ts':
        "import { persist } from '../runs/persist.js';\nexport const optimize = () => persist();\n",
      'core/runs/persist.ts': 'export const persist = () => 0;\n',
    },
  },
  'jobs-not-upward': {
    wrong: {
      'core/jobs/background/worker.ts':
        "import { toApiError } from '../../api/dispatch.js';\nexport const error = toApiError;\n",
      'core/api/dispatch.ts': 'export const toApiError = (e: unknown) => String(e);\n',
    },
    reported: ['jobs-not-upward: core/jobs/background/worker.ts → core/api/dispatch.ts'],
    right: {
      'core/api/jobs/worker.ts':
        "import { toApiError } from '../dispatch.js';\nimport { reason } from '../../jobs/reason.js';\nexport const run = () => toApiError(reason());\n",
      'core/api/dispatch.ts': 'export const toApiError = (e: unknown) => String(e);\n',
      'core/jobs/reason.ts':
        "import type { ApiError } from '../api/contract/shared.js';\nexport const reason = (): ApiError | null => null;\n",
      'core/api/contract/shared.ts': 'export interface ApiError { kind: string }\n',
    },
  },
  'engine-imports-only-domain': {
    wrong: {
      'core/engine/index.ts': "export { refresh } from '../runs/refresh.js';\n",
      'core/runs/refresh.ts': 'export const refresh = () => 0;\n',
    },
    reported: [
      'engine-imports-only-domain: core/engine/index.ts → core/runs/refresh.ts',
      'stages-not-upward: core/engine/index.ts → core/runs/refresh.ts',
    ],
    right: {
      'core/engine/index.ts':
        "import { interactionKinds } from '../domain/interactions.js';\nexport { score } from './scorer.js';\nexport const kinds = interactionKinds.length;\n",
      'core/engine/scorer.ts': 'export const score = () => 0;\n',
      'core/domain/interactions.ts': kinds,
      'core/runs/refresh.ts':
        "import { score } from '../engine/index.js';\nexport const refresh = () => score();\n",
    },
  },
  'engine-no-fs': {
    wrong: {
      'core/engine/snapshot.ts':
        "import { writeFile } from 'node:fs/promises';\nexport const save = (bytes: Uint8Array) => writeFile('run.bin', bytes);\n",
      'core/engine/cache.ts':
        "import { existsSync } from 'fs';\nexport const cached = existsSync('cache');\n",
    },
    reported: [
      'engine-no-fs: core/engine/cache.ts → fs',
      'engine-no-fs: core/engine/snapshot.ts → fs/promises',
    ],
    right: {
      'core/engine/snapshot.ts': 'export const snapshot = (scores: Float32Array) => scores.slice();\n',
      'core/import/read.ts':
        "import { readFile } from 'node:fs/promises';\nexport const read = () => readFile('a.csv');\n",
    },
  },
  'sqlite-only-in-db': {
    wrong: {
      'core/api/jobs/tasks.ts':
        "import Database from 'better-sqlite3-multiple-ciphers';\nexport const open = () => new Database(':memory:');\n",
      'electron/main/database.ts':
        "import type { Database } from 'better-sqlite3-multiple-ciphers';\nexport type Handle = Database;\n",
    },
    reported: [
      'sqlite-only-in-db: core/api/jobs/tasks.ts → node_modules/better-sqlite3-multiple-ciphers/index.js',
      'sqlite-only-in-db: electron/main/database.ts → node_modules/better-sqlite3-multiple-ciphers/index.js',
    ],
    right: {
      'core/db/open.ts':
        "import Database from 'better-sqlite3-multiple-ciphers';\nexport const open = () => new Database(':memory:');\n",
      'core/api/jobs/tasks.ts':
        "import { open } from '../../db/open.js';\nexport const task = () => open();\n",
    },
  },
  'renderer-core-type-only': {
    // (a) a value import, even from the contract itself
    wrong: {
      'renderer/src/api/client.ts':
        "import { methodSchemas } from '../../../core/api/contract';\nexport const methods = Object.keys(methodSchemas);\n",
      'core/api/contract/index.ts': 'export const methodSchemas = {};\nexport type Method = string;\n',
    },
    reported: ['renderer-core-type-only: renderer/src/api/client.ts → core/api/contract/index.ts'],
    right: {
      'renderer/src/api/client.ts':
        "import type { Method } from '../../../core/api/contract';\nexport type { InteractionKind } from '../../../core/domain/interactions.js';\nexport const method: Method = 'ping';\n",
      'core/api/contract/index.ts': 'export const methodSchemas = {};\nexport type Method = string;\n',
      'core/domain/interactions.ts': "export type InteractionKind = 'purchase' | 'wish';\n",
    },
  },
  'renderer-core-contract-only': {
    // (b) a type import, but from core's internals
    wrong: {
      'renderer/src/screens/clients/ClientTable.tsx':
        "import type { DbClient } from '../../../../core/db/rows.js';\nexport const name = (client: DbClient) => client.name;\n",
      'core/db/rows.ts': 'export interface DbClient { name: string }\n',
    },
    reported: ['renderer-core-contract-only: renderer/src/screens/clients/ClientTable.tsx → core/db/rows.ts'],
    right: {
      'renderer/src/screens/clients/ClientTable.tsx':
        "import type { ClientRow } from '../../../../core/api/contract/clients.js';\nexport const name = (client: ClientRow) => client.name;\n",
      'core/api/contract/clients.ts': 'export interface ClientRow { name: string }\n',
    },
  },
  'renderer-no-node': {
    wrong: {
      'renderer/src/app/paths.ts':
        "import { join } from 'node:path';\nexport const asset = join('a', 'b');\n",
    },
    reported: ['renderer-no-node: renderer/src/app/paths.ts → path'],
    right: {
      'renderer/src/app/paths.ts': "export const asset = ['a', 'b'].join('/');\n",
    },
  },
  'renderer-no-electron': {
    wrong: {
      'renderer/src/api/bridge.ts':
        "import type { IpcRenderer } from 'electron';\nimport { channel } from '../../../electron/preload/channel.js';\nexport type Bridge = IpcRenderer;\nexport const name = channel;\n",
      'electron/preload/channel.ts': "export const channel = 'atelier';\n",
    },
    reported: [
      'renderer-no-electron: renderer/src/api/bridge.ts → electron/preload/channel.ts',
      'renderer-no-electron: renderer/src/api/bridge.ts → node_modules/electron/index.js',
    ],
    right: {
      'renderer/src/api/bridge.ts': 'export const bridge = (): unknown => Reflect.get(window, "atelier");\n',
      'electron/preload/index.ts':
        "import { ipcRenderer } from 'electron';\nexport const send = ipcRenderer;\n",
    },
  },
  'core-not-to-ui': {
    wrong: {
      'core/api/app.ts':
        "import { app } from 'electron';\nimport { useState } from 'react';\nimport { theme } from '../../renderer/src/theme.js';\nexport const all = [app, useState, theme];\n",
      'renderer/src/theme.ts': "export const theme = 'light';\n",
    },
    reported: [
      'core-not-to-ui: core/api/app.ts → node_modules/electron/index.js',
      'core-not-to-ui: core/api/app.ts → node_modules/react/index.js',
      'core-not-to-ui: core/api/app.ts → renderer/src/theme.ts',
    ],
    right: {
      'electron/main/index.ts':
        "import { app } from 'electron';\nimport { ping } from '../../core/api/app.js';\nexport const all = [app, ping];\n",
      'core/api/app.ts': "export const ping = () => 'pong';\n",
    },
  },
};

describe('dependency-cruiser rules (.dependency-cruiser.cjs)', () => {
  it('every rule is an error and is shown failing below', async () => {
    const rules = (await depcruiseOptions()).ruleSet?.forbidden ?? [];
    expect(rules.map((rule) => `${rule.name ?? '(unnamed)'} ${rule.severity ?? 'warn'}`).sort()).toEqual(
      Object.keys(ruleCases)
        .map((name) => `${name} error`)
        .sort(),
    );
  });

  for (const [rule, { wrong, reported, right }] of Object.entries(ruleCases)) {
    it(`${rule}: reported on a wrong tree, silent on its correct sibling`, async () => {
      expect(await violations(wrong)).toEqual(reported);
      expect(await violations(right)).toEqual([]);
    });
  }
});

describe('ESLint size and SQL rules (eslint.config.js)', () => {
  // The project's own config file; only the rules under test run, and without type information, because
  // these virtual files belong to no tsconfig.
  const ruleIds = new Set(['max-lines', 'max-lines-per-function', 'no-restricted-syntax']);
  const eslint = new ESLint({
    cwd: repoRoot,
    overrideConfigFile: join(repoRoot, 'eslint.config.js'),
    overrideConfig: {
      languageOptions: { parserOptions: { project: false, projectService: false, program: null } },
    },
    ruleFilter: ({ ruleId }) => ruleIds.has(ruleId),
  });

  /** 'rule:line' for each problem ESLint reports on `code` as if it were the file at `path`. */
  async function problems(path: string, code: string): Promise<string[]> {
    const results = await eslint.lintText(code, { filePath: join(repoRoot, path), warnIgnored: true });
    return results.flatMap((result) => result.messages.map((m) => `${m.ruleId ?? m.message}:${m.line}`));
  }

  /** A file of `count` lines, a tenth of them blank and a tenth comments (all count toward max-lines). */
  const fileOf = (count: number): string =>
    Array.from({ length: count }, (_, i) =>
      i % 10 === 1 ? '' : i % 10 === 2 ? `// line ${i}` : `export const v${i} = ${i};`,
    ).join('\n') + '\n';

  /** A function spanning `count` lines (signature and closing brace included), plus `comments` comment lines. */
  const functionOf = (count: number, comments = 0): string =>
    [
      'export function step(): number {',
      '  let total = 0;',
      ...Array.from({ length: count - 4 }, (_, i) => (i % 10 === 5 ? '' : `  total += ${i};`)),
      ...Array.from({ length: comments }, (_, i) => `  // why ${i}`),
      '  return total;',
      '}',
    ].join('\n') + '\n';

  it('.prepare(), .pragma() and PRAGMA text are refused outside core/db, in production code and scripts', async () => {
    const sql = [
      "export const rows = (db: Db) => db.prepare('SELECT id FROM clients').all();",
      "export const keys = (db: Db) => db.pragma('foreign_keys = ON');",
      'export const version = (db: Db, n: number) => db.exec(`PRAGMA user_version = ${n}`);',
      "export const wal = (db: Db) => db.exec('pragma journal_mode = WAL');",
      'interface Db { prepare(s: string): { all(): unknown }; pragma(s: string): unknown; exec(s: string): void }',
    ].join('\n');
    const everyLine = [
      'no-restricted-syntax:1',
      'no-restricted-syntax:2',
      'no-restricted-syntax:3',
      'no-restricted-syntax:4',
    ];
    for (const path of [
      'core/engine/load.ts',
      'core/api/jobs/tasks.ts',
      'electron/main/database.ts',
      'scripts/bench-x.ts',
    ]) {
      expect(await problems(path, sql), path).toEqual(everyLine);
    }
    expect(await problems('core/db/open.ts', sql)).toEqual([]);
    expect(await problems('test/integration/db/open.test.ts', sql)).toEqual([]);
    expect(
      await problems('core/import/report.ts', "export const note = 'prepare the pragmatic import';\n"),
    ).toEqual([]);
  });

  it('max-lines: no production file over 350 lines, blank lines and comments included', async () => {
    for (const path of [
      'core/import/values.ts',
      'electron/main/window.ts',
      'renderer/src/screens/engine/Engine.tsx',
    ]) {
      expect(await problems(path, fileOf(350)), path).toEqual([]);
      expect(await problems(path, fileOf(351)), path).toEqual(['max-lines:351']);
    }
    expect(await problems('test/unit/long.test.ts', fileOf(600))).toEqual([]);
    expect(await problems('scripts/bench-long.ts', fileOf(600))).toEqual([]);
  });

  it('max-lines-per-function: no core function over 120 lines, comments not counted; renderer exempt', async () => {
    expect(await problems('core/demo/interactions.ts', functionOf(120))).toEqual([]);
    expect(await problems('core/demo/interactions.ts', functionOf(121))).toEqual([
      'max-lines-per-function:1',
    ]);
    expect(await problems('core/demo/interactions.ts', functionOf(120, 30))).toEqual([]);
    expect(await problems('renderer/src/screens/engine/Engine.tsx', functionOf(200))).toEqual([]);
  });
});
