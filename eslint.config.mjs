// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Layering: which folder may import what. Each row lists what its files must NOT import.
 *
 * | layer             | runs in        | may import                                        |
 * |-------------------|----------------|---------------------------------------------------|
 * | shared/           | anywhere       | shared, and only the packages in SHARED_PACKAGES  |
 * | electron/services | plain Node     | shared, services, node:*, npm packages            |
 * | electron/host     | plain Node     | shared, services, host                            |
 * | electron/cli      | plain Node     | shared, services, host                            |
 * | electron/main     | Electron main  | shared, services, host, main, electron            |
 * | electron/preload  | Electron preload | shared/api/methods, electron                    |
 * | renderer/         | browser        | shared, renderer, browser npm packages            |
 */
const NODE = { regex: '^node:', message: 'This layer does not run in Node.' };
const ELECTRON = { regex: '^electron$', message: 'Only electron/main and electron/preload may import Electron.' };
/** A feature folder reaches another feature only through the shell and the store, never by importing its files. */
const SIBLING_FEATURE = {
  regex: '^\\.\\./[^./]+/',
  message: "A feature may not import another feature's files (see renderer/README.md); share through shared/, components/ or the store.",
};
const dir = (name) => ({
  regex: `(^|/)${name}/`,
  message: `This layer may not import from ${name}/ (see the table in eslint.config.mjs).`,
});

/** The npm packages pure shared code may use: they run in Node, Electron and the browser alike. */
export const SHARED_PACKAGES = ['zod', '@stdlib/', 'onnx-proto', 'protobufjs'];
const SHARED_TEST_PACKAGES = ['vitest'];

/** A local rule: in shared/, any bare import must be on the allow-list (relative imports are checked by the table). */
const allowListPlugin = {
  rules: {
    'allowed-packages': {
      meta: { type: 'problem', schema: [{ type: 'array', items: { type: 'string' } }] },
      create(context) {
        const allowed = context.options[0] ?? [];
        const check = (node, source) => {
          if (typeof source !== 'string' || source.startsWith('.')) return;
          if (allowed.some((p) => (p.endsWith('/') ? source.startsWith(p) : source === p || source.startsWith(`${p}/`)))) return;
          context.report({
            node,
            message: `shared/ may import only ${allowed.join(', ')}; "${source}" is not on the list (see SHARED_PACKAGES in eslint.config.mjs).`,
          });
        };
        return {
          ImportDeclaration: (node) => check(node, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
          ExportAllDeclaration: (node) => check(node, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
          CallExpression: (node) =>
            node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal'
              ? check(node, node.arguments[0].value)
              : undefined,
        };
      },
    },
  },
};

const layers = [
  { files: ['shared/**'], forbid: [NODE, ELECTRON, dir('electron'), dir('renderer')] },
  { files: ['electron/services/**'], forbid: [ELECTRON, dir('renderer'), dir('main'), dir('preload'), dir('host'), dir('cli')] },
  { files: ['electron/host/**'], forbid: [ELECTRON, dir('renderer'), dir('main'), dir('preload'), dir('cli')] },
  { files: ['electron/cli/**'], forbid: [ELECTRON, dir('renderer'), dir('main'), dir('preload')] },
  { files: ['electron/main/**'], forbid: [dir('renderer'), dir('preload'), dir('cli')] },
  { files: ['electron/preload/**'], forbid: [NODE, dir('renderer'), dir('services'), dir('host'), dir('main'), dir('cli')] },
  { files: ['renderer/**'], forbid: [NODE, ELECTRON, dir('electron')] },
  { files: ['renderer/src/features/*/**'], forbid: [NODE, ELECTRON, dir('electron'), SIBLING_FEATURE] },
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
  { files: ['shared/**'], plugins: { layers: allowListPlugin }, rules: { 'layers/allowed-packages': ['error', SHARED_PACKAGES] } },
  {
    files: ['shared/**/*.test.ts'],
    rules: { 'layers/allowed-packages': ['error', [...SHARED_PACKAGES, ...SHARED_TEST_PACKAGES]] },
  },
);
