import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { boundariesPlugin } from './eslint.boundaries.mjs';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'miniapp/.temp/**',
      '**/*.js',
      '**/*.mjs',
      '!e2e/**/*.mjs',
      '!eslint.boundaries.mjs',
      '!server/bench/**/*.mjs',
      '!server/faults/**/*.mjs',
      // replicas (issue 17)
      '!server/replicas/**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': ['error', { allow: ['error', 'log'] }],
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts', 'e2e/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Import boundaries (eslint.boundaries.mjs): features stay apart, lib/ and components/ import no
    // feature, pages and subpackages use a feature's public parts, e2e/ loads no server code, and
    // server/src/lib imports no module.
    files: ['miniapp/src/**/*.{ts,tsx}', 'e2e/**/*.{ts,mjs}', 'server/src/lib/**/*.ts'],
    plugins: { boundaries: boundariesPlugin },
    rules: {
      'boundaries/imports': [
        'error',
        // Subpackage entries: they keep the checkout and the 消息 list out of the main package.
        { entries: { enrolment: ['checkout'], messages: ['unread'], product: ['content-pages'] } },
      ],
    },
  },
);
