// Lint: typed rules (no floating promises) and the process-layer rules of docs/design.md §2.
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
  {
    files: ['electron/**'],
    rules: layer(['**/renderer/**'], 'electron/ never imports the renderer.'),
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
