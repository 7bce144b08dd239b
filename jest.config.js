// Three projects: unit tests (pure logic, in-memory fakes allowed) run in parallel;
// e2e tests start real nats-server and Cutover processes and run one file at a time;
// fault tests do the same and then kill, restart, overload or deny parts of them.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const libs = ['contracts', 'core', 'config', 'observability', 'messaging', 'kube', 'metrics', 'runtime', 'router', 'testkit', 'service-kit', 'loadgen', 'tracing'];
const moduleNameMapper = {
  ...Object.fromEntries(libs.map((l) => [`^@cutover/${l}$`, `<rootDir>/libs/${l}/src/index.ts`])),
  '^@cutover/cli$': '<rootDir>/packages/cli/src/index.ts',
};
// @kubernetes/client-node and some of its dependencies ship only as ES modules.
const ESM_ONLY = ['@kubernetes/client-node', 'openid-client', 'oauth4webapi', 'jose'];
const common = {
  transform: { '^.+\\.ts$': swc, '^.+\\.js$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper,
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,services,packages,examples}/**/src/**/*.spec.ts', '<rootDir>/docs/**/*.spec.ts', '<rootDir>/deploy/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.e2e.ts', '<rootDir>/{libs,services,packages}/**/src/**/*.int.ts', '<rootDir>/deploy/**/*.int.ts'],
      setupFilesAfterEnv: ['<rootDir>/e2e/setup.ts'],
    },
    {
      ...common,
      displayName: 'fault',
      testMatch: ['<rootDir>/fault/**/*.fault.ts'],
      setupFilesAfterEnv: ['<rootDir>/e2e/setup.ts'],
    },
  ],
};
