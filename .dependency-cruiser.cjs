// The architecture's boundaries as rules that fail (CONVENTIONS.md, "Heavy work"). Each rule is shown
// failing on a deliberately wrong tree in test/integration/architecture/boundaries.test.ts; `npm run lint` runs
// them over core, electron and renderer. Paths are relative to the folder the cruise starts in.

/** An npm package as a resolved path (its code or its @types), or as a bare name when it did not resolve. */
const pkg = (...names) =>
  names.flatMap((name) => [`(^|/)node_modules/(@types/)?${name}/`, `^${name}(/|$)`]).join('|');

// Built-ins with no side effects on the world: no files, processes, network, threads or clock.
const pureNodeBuiltins = '^(assert|buffer|crypto|events|path|string_decoder|url|util)(/|$)';
const fileSystem = '^fs(/promises)?$';
const production = '^(core|electron|renderer)/';
// The renderer's one door into core: the API contract and the domain's words.
const rendererMayType = '^core/(api/contract/|domain/)';
// The API's own code, above the workflows (its contract sits on the ground floor, beside core/domain).
const apiAboveContract = '^core/api/(?!contract/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'This import closes a cycle. Modules in a cycle cannot be understood, tested or moved one at a ' +
        'time: move the shared piece down a floor (often into core/domain) so data flows one way.',
      from: { path: production },
      to: { circular: true },
    },
    {
      name: 'domain-imports-no-other-core',
      severity: 'error',
      comment:
        "core/domain is the ground floor: the boutique's words, defined once. It imports nothing of any " +
        'other folder; everything else derives from it.',
      from: { path: '^core/domain/' },
      to: { dependencyTypes: ['local'], pathNot: '^core/domain/' },
    },
    {
      name: 'contract-imports-only-domain',
      severity: 'error',
      comment:
        "core/api/contract is the renderer's one door into core and the shapes every layer answers in: " +
        'it imports only core/domain (and zod), so nothing behind it leaks into the page.',
      from: { path: '^core/api/contract/' },
      to: { dependencyTypes: ['local'], pathNot: '^core/(domain|api/contract)/' },
    },
    {
      name: 'domain-only-pure-node',
      severity: 'error',
      comment:
        'core/domain holds words, not I/O: of Node it may use only pure built-ins (' +
        pureNodeBuiltins +
        '), never fs, processes, network or threads.',
      from: { path: '^core/domain/' },
      to: { dependencyTypes: ['core'], pathNot: pureNodeBuiltins },
    },
    {
      name: 'domain-only-zod',
      severity: 'error',
      comment:
        'core/domain may use one package, zod, to validate its words; no other (no better-sqlite3-multiple-ciphers).',
      from: { path: '^core/domain/' },
      to: { dependencyTypesNot: ['local', 'core'], pathNot: pkg('zod') },
    },
    {
      name: 'engine-no-db',
      severity: 'error',
      comment:
        'core/engine is pure ISRF math over typed arrays: loading and persisting runs belongs to the ' +
        'store (core/db) or to a workflow above both, never inside the engine.',
      from: { path: '^core/engine/' },
      to: { path: `^core/db/|${pkg('better-sqlite3-multiple-ciphers')}` },
    },
    // The data's one way (core/README.md): import → reasoning → engine → runs → jobs → api → cli, over
    // core/domain, core/api/contract and core/db. A floor may import the floors below it, never one above.
    {
      name: 'db-not-upward',
      severity: 'error',
      comment:
        "core/db is the store under every stage: it may use core/domain and the contract's shapes, never a " +
        'stage above it (import, reasoning, engine, runs, jobs, export, eval, api, cli).',
      from: { path: '^core/db/' },
      to: { path: `^core/(import|demo|reasoning|engine|export|runs|jobs|eval|cli)/|${apiAboveContract}` },
    },
    {
      name: 'stages-not-upward',
      severity: 'error',
      comment:
        'import, demo, reasoning, engine and export are stages the runs, jobs and api build on: they never ' +
        'reach up into them (move the shared piece down, into core/domain or core/db).',
      from: { path: '^core/(import|demo|reasoning|engine|export)/' },
      to: { path: `^core/(runs|jobs|eval|cli)/|${apiAboveContract}` },
    },
    {
      name: 'runs-not-upward',
      severity: 'error',
      comment:
        'core/runs loads, persists, reads and refreshes runs for the workflows above it, never the reverse.',
      from: { path: '^core/runs/' },
      to: { path: `^core/(jobs|eval|cli)/|${apiAboveContract}` },
    },
    {
      name: 'jobs-not-upward',
      severity: 'error',
      comment:
        'core/jobs (and core/eval) are the workflows the API and the CLI adapt: they never import them.',
      from: { path: '^core/(jobs|eval)/' },
      to: { path: `^core/cli/|${apiAboveContract}` },
    },
    {
      name: 'engine-imports-only-domain',
      severity: 'error',
      comment:
        'core/engine is the ISRF math and nothing else: of core it may use only core/domain, so no path ' +
        'through runs, jobs or the api can bring the store (or anything impure) back into it.',
      from: { path: '^core/engine/' },
      to: { dependencyTypes: ['local'], pathNot: '^core/(engine|domain)/' },
    },
    {
      name: 'engine-no-fs',
      severity: 'error',
      comment: 'core/engine is pure math: it is handed arrays, it does not read or write files.',
      from: { path: '^core/engine/' },
      to: { dependencyTypes: ['core'], path: fileSystem },
    },
    {
      name: 'sqlite-only-in-db',
      severity: 'error',
      comment:
        'SQL lives only in core/db: outside it, production code talks to the store through core/db ' +
        'functions and types, never to better-sqlite3-multiple-ciphers (tests and scripts may).',
      from: { path: production, pathNot: '^core/db/' },
      to: { path: pkg('better-sqlite3-multiple-ciphers') },
    },
    {
      name: 'renderer-core-type-only',
      severity: 'error',
      comment:
        'The renderer shares types with core, never code: import from core with `import type` / ' +
        '`export type` only.',
      from: { path: '^renderer/' },
      to: { path: '^core/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-core-contract-only',
      severity: 'error',
      comment:
        "The renderer talks to core only through the API contract (core/api/contract) and the domain's " +
        'words (core/domain); types from anywhere else in core are internals.',
      from: { path: '^renderer/' },
      to: { path: '^core/', pathNot: rendererMayType },
    },
    {
      name: 'renderer-no-node',
      severity: 'error',
      comment:
        'The renderer runs in a sandboxed page: no Node built-ins (the preload bridge is its only door).',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-no-electron',
      severity: 'error',
      comment: 'The renderer reaches the shell through the preload bridge, never electron or electron/.',
      from: { path: '^renderer/' },
      to: { path: `^electron/|${pkg('electron')}` },
    },
    {
      name: 'core-not-to-ui',
      severity: 'error',
      comment:
        'core/ is everything the app can do, on plain Node (CLI and tests included): it never imports ' +
        'electron, react, react-dom, the shell (electron/) or the renderer.',
      from: { path: '^core/' },
      to: { path: `^(renderer|electron)/|${pkg('electron', 'react', 'react-dom')}` },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    moduleSystems: ['es6', 'cjs'],
    // Type-only imports are dependencies too (a cycle or a boundary crossed by types is still crossed);
    // they are marked 'type-only' so renderer-core-type-only can tell them from code. (So is an inline
    // `import { type X }`, which verbatimModuleSyntax keeps as a side-effect import: eslint's
    // no-import-type-side-effects forbids that form in the renderer.)
    tsPreCompilationDeps: true,
    // Neither tsconfig has paths or baseUrl, so resolution is the same with either: the node one covers
    // core and electron; the renderer's .tsx files are parsed by their extension. (The renderer imports
    // '../core/api/contract' without an extension, core imports './x.js' for './x.ts': both resolve.)
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
