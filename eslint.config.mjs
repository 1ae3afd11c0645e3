import nx from '@nx/eslint-plugin';

// Module boundaries that actually constrain (STYLE): a service may use shared libraries but
// never another service; libraries depend only on libraries; the gateway stays thin. Dev
// libraries (`type:dev-lib`: test CA, NCALayer stand-in, test helpers, demo data) never reach
// production code; tests, benchmarks and demo seeding may use them.
const constraints = (forProduction) => {
  const libs = forProduction ? ['type:lib'] : ['type:lib', 'type:dev-lib'];
  return [
    { sourceTag: 'type:lib', onlyDependOnLibsWithTags: libs },
    { sourceTag: 'type:dev-lib', onlyDependOnLibsWithTags: ['type:lib', 'type:dev-lib'] },
    { sourceTag: 'type:service', onlyDependOnLibsWithTags: libs },
    { sourceTag: 'type:gateway', onlyDependOnLibsWithTags: libs },
    // infra starts, migrates, seeds and tests the whole system, so it may reach every part.
    {
      sourceTag: 'type:tool',
      onlyDependOnLibsWithTags: ['type:lib', 'type:dev-lib', 'type:service', 'type:gateway'],
    },
  ];
};

// Code that never ships in a running API, worker or migration: specs, test fixtures, benchmarks
// and the services' demo seeding (`src/cli.ts seed`). Everything else counts as production.
const devFiles = [
  '**/*.spec.ts',
  '**/*.integration-spec.ts',
  '**/*.e2e-spec.ts',
  '**/test/**/*.ts',
  '**/bench/**/*.ts',
  'services/*/src/demo/**/*.ts',
];

const boundaries = (forProduction) => [
  'error',
  { enforceBuildableLibDependency: false, allow: [], depConstraints: constraints(forProduction) },
];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '.kezek/**', '.nx/**', 'coverage/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(true),
      // Tests and lookups of known keys assert presence; the type checker still sees every other case.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  { files: devFiles, rules: { '@nx/enforce-module-boundaries': boundaries(false) } },
];
