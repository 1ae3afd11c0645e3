import nx from '@nx/eslint-plugin';

// Module boundaries that actually constrain (STYLE): a service may use shared libraries but
// never another service; libraries depend only on libraries; the gateway stays thin.
export const depConstraints = [
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:gateway', onlyDependOnLibsWithTags: ['type:lib'] },
  // infra starts, migrates, seeds and tests the whole system, so it may reach every part.
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:service', 'type:gateway'] },
];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '.kezek/**', '.nx/**', 'coverage/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints }],
      // Tests and lookups of known keys assert presence; the type checker still sees every other case.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
];
