import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Module boundaries are the architecture: services never import each other; the pure
// core imports only contracts; contracts import nothing of ours.
export default [
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:core', 'type:contracts'] },
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:lib', 'type:core', 'type:contracts'] },
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:core', 'type:contracts'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:core', 'type:contracts'] },
            { sourceTag: 'type:example', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
    },
  },
  {
    // Tests may use the test kit (real servers on free ports); production code may not.
    files: ['**/*.spec.ts', '**/*.int.ts', '**/testing/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:test'] },
            { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:contracts', 'type:test'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:core', 'type:contracts', 'type:test'] },
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:lib', 'type:core', 'type:contracts', 'type:test'] },
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:core', 'type:contracts', 'type:test'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:core', 'type:contracts', 'type:test'] },
            { sourceTag: 'type:example', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
    },
  },
  {
    // The pure core must stay free of transport and framework code.
    files: ['libs/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@nestjs/*', 'nats', 'http', 'node:http', 'express'] }],
    },
  },
];
