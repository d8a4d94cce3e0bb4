// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { LAYERS, layerZones } from './layers.js';

/**
 * The code's style and its layers. The layers themselves are listed once, in
 * layers.js (ARCHITECTURE.md explains them); here they become import rules.
 */
export default tseslint.config(
  { ignores: ['dist/', '.netlify/', '.astro/', 'public/scripts/', 'node_modules/', 'bench/out/', 'tests/bundle/node_modules/', '**/*.astro'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,mts,js,mjs}'],
    plugins: { 'import-x': importX },
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.mts', '.js', '.mjs'] } } },
    rules: {
      // A layer imports only the layers below it.
      'import-x/no-restricted-paths': ['error', { zones: layerZones(LAYERS) }],
      // And no two modules import each other, inside a layer either.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-undef': 'off',
    },
  },
  prettier,
);
