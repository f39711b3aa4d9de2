// Lint: typed rules (no floating promises) and the layers of docs/design.md §2, one zone each
// (test/unit/build/layers.test.ts proves a forbidden import fails in every zone).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'util',
  'worker_threads',
  'stream',
];

/**
 * @param {string[]} patterns
 * @param {string} message
 * @returns {import('eslint').Linter.RulesRecord}
 */
const layer = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-pack/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'build/*.mjs', 'build/*.js'] } },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**'],
    rules: layer(
      ['**/electron/**', '**/renderer/**', 'electron', 'react', 'react-dom', 'konva', ...nodeBuiltins],
      'shared/ is pure TypeScript: no Node, DOM, Electron, or other layer.',
    ),
  },
  {
    files: ['renderer/**'],
    rules: layer(
      ['**/electron/**', 'electron', ...nodeBuiltins],
      'renderer/ reaches the main side only through window.loupe.',
    ),
  },
  // Inside electron/: what only Electron runs, the main side, the local API, and the hardened I/O
  // the last two share. A later zone's rule replaces an earlier one's, so each lists all it forbids.
  {
    files: ['electron/desktop/**'],
    rules: layer(
      ['**/renderer/**', '**/localApi/**'],
      'electron/desktop/ runs the main side (electron/main/) in Electron; it never reaches the renderer or the local API directly.',
    ),
  },
  {
    files: ['electron/desktop/preload/preload.ts'],
    rules: layer(
      [
        '**/renderer/**',
        '**/desktop/**',
        '**/main/**',
        '**/io/**',
        '**/localApi/**',
        './*.ts',
        '../*.ts',
        ...nodeBuiltins,
      ],
      'The sandboxed preload may import only "electron" and shared/.',
    ),
  },
  {
    files: ['electron/main/**'],
    rules: layer(
      ['**/renderer/**', '**/desktop/**', 'electron'],
      'electron/main/ (services, transports, CLI) runs in plain Node too: no Electron, no electron/desktop/.',
    ),
  },
  {
    files: ['electron/localApi/**'],
    rules: layer(
      ['**/renderer/**', '**/desktop/**', '**/main/**', 'electron'],
      'electron/localApi/ stands alone: it depends only on shared/ and electron/io/.',
    ),
  },
  {
    files: ['electron/io/**'],
    rules: layer(
      ['**/renderer/**', '**/desktop/**', '**/main/**', '**/localApi/**', 'electron'],
      'electron/io/ is the bottom layer: only shared/ and Node.',
    ),
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: globals.node,
      parserOptions: { project: false, projectService: false, program: null },
    },
  },
);
