/**
 * ESLint flat config: the rules STYLE.md "Our conventions" names and the import layering of
 * DESIGN.md section 9, nothing more; prettier owns formatting.
 */
const { builtinModules } = require('node:module');
const js = require('@eslint/js');
const comments = require('@eslint-community/eslint-plugin-eslint-comments/configs');
const { defineConfig } = require('eslint/config');
const importX = require('eslint-plugin-import-x');
const tseslint = require('typescript-eslint');

const nodeBuiltins = [...builtinModules.filter((name) => !name.startsWith('_')), 'node:*'];

/** Matches a relative import of a top-level project folder, at any depth of `../`. */
const projectFolder = (...folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;

module.exports = defineConfig(
  {
    ignores: ['dist/', 'node_modules/', '.tools/', '.data/', 'coverage/', 'test/fixtures/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
    },
    rules: {
      // A leading underscore marks a name kept on purpose: an omitted field in a destructuring,
      // a parameter a signature requires (express knows an error handler by its four).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // Cases that share a body may have a comment between them.
      'no-fallthrough': ['error', { allowEmptyCase: true }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.json'],
      'import-x/resolver-next': [
        importX.createNodeResolver({ extensions: ['.ts', '.d.ts', '.js', '.json'] }),
      ],
    },
    rules: {
      'import-x/order': [
        'error',
        {
          // As the code is written: Node built-ins (all `node:`-prefixed) then packages as one
          // paragraph, a blank line, then the project's own modules.
          groups: [
            ['builtin', 'external'],
            ['internal', 'parent', 'sibling', 'index'],
          ],
          pathGroups: [{ pattern: 'node:*', group: 'external', position: 'before' }],
          pathGroupsExcludedImportTypes: [],
          distinctGroup: false,
          'newlines-between': 'always',
        },
      ],
      'import-x/no-cycle': 'error',
      'no-console': 'error',
    },
  },
  comments.recommended,
  {
    rules: {
      // Every suppression says why, after `--`.
      '@eslint-community/eslint-comments/require-description': 'error',
      // A file-wide disable at the top of an entry point needs no matching enable.
      '@eslint-community/eslint-comments/disable-enable-pair': ['error', { allowWholeFile: true }],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
      '@typescript-eslint/ban-ts-comment': [
        'error',
        {
          'ts-expect-error': 'allow-with-description',
          'ts-ignore': true,
          'ts-nocheck': true,
          'ts-check': false,
        },
      ],
    },
  },
  {
    // Entry points print to the terminal on purpose.
    files: ['scripts/*.ts', 'scripts/*.js', 'bench/*.ts'],
    rules: { 'no-console': 'off' },
    // Their older file-wide `eslint-disable no-console -- why` comments stay as documentation.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  },
  {
    // The workflow sandbox is deterministic: no Node built-ins, SDKs or activity code, only
    // activity types (DESIGN section 9).
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins
            .filter((name) => !name.includes('*'))
            .map((name) => ({ name, message: 'Workflows run in a sandbox: no Node built-ins.' }))
            .concat(
              ['@temporalio/worker', '@temporalio/client', '@temporalio/activity'].map((name) => ({
                name,
                message: 'Workflows import only @temporalio/workflow (and @temporalio/common).',
              })),
            ),
          patterns: [
            { group: ['node:*'], message: 'Workflows run in a sandbox: no Node built-ins.' },
            {
              group: ['@okta/*', '@aws-sdk/*'],
              message: 'SDK calls belong in activities, not workflows.',
            },
            {
              regex: projectFolder('activities'),
              allowTypeImports: true,
              message: 'Workflows import activity types only: use `import type`.',
            },
            {
              regex: projectFolder('policy', 'config', 'codec', 'server', 'worker', 'emulators'),
              message: 'Workflows import only domain/ and activity types (DESIGN section 9).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./',
              message: 'domain/ imports nothing of the project but domain/ (DESIGN section 9).',
            },
            {
              group: [...nodeBuiltins, '@okta/*', '@aws-sdk/*', '@temporalio/*'],
              message: 'domain/ has no SDKs and no I/O (DESIGN section 9).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: projectFolder('activities', 'emulators'),
              message: 'server/ must not import activities/ or emulators/ (DESIGN section 9).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['emulators/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: projectFolder(
                'domain',
                'policy',
                'workflows',
                'activities',
                'server',
                'worker',
                'config',
                'codec',
              ),
              message: 'emulators/ import nothing of the product (DESIGN section 9).',
            },
          ],
        },
      ],
    },
  },
);
