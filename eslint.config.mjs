// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Layering: which folder may import what. Each row lists what its files must NOT import.
 *
 * | layer             | runs in        | may import                                        |
 * |-------------------|----------------|---------------------------------------------------|
 * | shared/           | anywhere       | shared, pure npm packages (zod)                   |
 * | electron/services | plain Node     | shared, services, node:*, npm packages            |
 * | electron/host     | plain Node     | shared, services, host                            |
 * | electron/cli      | plain Node     | shared, services, host                            |
 * | electron/main     | Electron main  | shared, services, host, main, electron            |
 * | electron/preload  | Electron preload | shared/api/methods, electron                    |
 * | renderer/         | browser        | shared, renderer, browser npm packages            |
 */
const NODE = { regex: '^node:', message: 'This layer does not run in Node.' };
const ELECTRON = { regex: '^electron$', message: 'Only electron/main and electron/preload may import Electron.' };
const dir = (name) => ({
  regex: `(^|/)${name}/`,
  message: `This layer may not import from ${name}/ (see the table in eslint.config.mjs).`,
});

const layers = [
  { files: ['shared/**'], forbid: [NODE, ELECTRON, dir('electron'), dir('renderer')] },
  { files: ['electron/services/**'], forbid: [ELECTRON, dir('renderer'), dir('main'), dir('preload'), dir('host'), dir('cli')] },
  { files: ['electron/host/**'], forbid: [ELECTRON, dir('renderer'), dir('main'), dir('preload'), dir('cli')] },
  { files: ['electron/cli/**'], forbid: [ELECTRON, dir('renderer'), dir('main'), dir('preload')] },
  { files: ['electron/main/**'], forbid: [dir('renderer'), dir('preload'), dir('cli')] },
  { files: ['electron/preload/**'], forbid: [NODE, dir('renderer'), dir('services'), dir('host'), dir('main'), dir('cli')] },
  { files: ['renderer/**'], forbid: [NODE, ELECTRON, dir('electron')] },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'sample-data/**', '.scratch/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['bin/**/*.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  ...layers.map((l) => ({ files: l.files, rules: { 'no-restricted-imports': ['error', { patterns: l.forbid }] } })),
);
