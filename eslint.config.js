// Type-aware lint for every TypeScript source; Prettier owns formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// Production code: what ships in the app. Tests and scripts are not held to its size rules.
const production = ['core/**/*.{ts,tsx}', 'electron/**/*.{ts,tsx}', 'renderer/**/*.{ts,tsx}'];

// SQL lives only in core/db (CONVENTIONS.md, "The database"): statements and pragmas elsewhere are
// flagged by their call, whatever the database handle is called. test/integration/architecture shows each failing.
const sqlOutsideDb =
  'SQL lives only in core/db: move this .prepare() / .pragma() / PRAGMA into a core/db function and call that.';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'out',
      'dist',
      'release',
      'coverage',
      'test-results',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      // The lint and architecture configs are code too: lint them (without types, below).
      '!eslint.config.js',
      '!.dependency-cruiser.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.web.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Plain JavaScript config files belong to no tsconfig: lint them without type information.
    files: ['eslint.config.js', '.dependency-cruiser.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['.dependency-cruiser.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      // `import { type X } from '../core/...'` is kept as `import {} from ...` (verbatimModuleSyntax), so
      // it loads core code into the page, yet dependency-cruiser sees it as type-only: say `import type`.
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },
  {
    // The CLI, scripts and tests speak to a terminal: console is their output.
    files: ['core/cli/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'react', 'react-dom', '**/renderer/**'],
              message: 'core/ stays free of UI code',
            },
          ],
        },
      ],
    },
  },
  {
    // A production file past 350 lines is asking to be split (CONVENTIONS.md). Every line counts:
    // a blank line or a comment is still a line a reader scrolls past.
    files: production,
    rules: { 'max-lines': ['error', { max: 350, skipBlankLines: false, skipComments: false }] },
  },
  {
    // A core function past 120 lines does more than one thing. Blank lines count (they separate its
    // steps, and a step is still a step); comments do not, so explaining why never costs a split.
    // Renderer components are exempt: a component's JSX is long without being complicated.
    files: ['core/**/*.{ts,tsx}'],
    rules: {
      'max-lines-per-function': [
        'error',
        { max: 120, skipBlankLines: false, skipComments: true, IIFEs: true },
      ],
    },
  },
  {
    // Scripts may open a database with better-sqlite3-multiple-ciphers (to copy or delete a file, say) but, like the
    // app, they query it through core/db.
    files: [...production, 'scripts/**/*.ts'],
    ignores: ['core/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'CallExpression[callee.property.name=/^(prepare|pragma)$/]', message: sqlOutsideDb },
        { selector: 'Literal[value=/\\bPRAGMA\\s+\\w/i]', message: sqlOutsideDb },
        { selector: 'TemplateElement[value.raw=/\\bPRAGMA\\s+\\w/i]', message: sqlOutsideDb },
      ],
    },
  },
);
