import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// Dependencies point one way (see README, "Architecture"): each area lists the internal libraries it may
// not import, so that nobody has to remember the direction.
const internal = [
  '#config',
  '#domain',
  '#persistence',
  '#connectors',
  '#ingestion',
  '#correlation',
  '#runtime',
  '#testing',
  '#notifications',
];
// The same libraries reached by a relative path (`../../libs/correlation/src/…`) are forbidden too.
const folderOf = (name) => (name === '#migrations' ? 'migrations' : `libs/${name.slice(1)}`);
const forbid = (...names) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: names.map((name) => ({ name, message: `This layer must not depend on ${name}.` })),
      patterns: names.map((name) => ({
        group: [`**/${folderOf(name)}/**`],
        message: `This layer must not depend on ${name}.`,
      })),
    },
  ],
});

// Table access lives in libs/persistence's repositories (README, "Architecture"): elsewhere a statement run
// on a DataSource, an EntityManager or a pg client is an error. Opening a transaction is not table access:
// services still hold the DataSource for `transaction()` and hand its manager to repositories.
const TABLE_ACCESS_MESSAGE =
  'Table access belongs in a repository of libs/persistence/src/repositories (exported from #persistence).';
const ENTITY_METHODS =
  '/^(find|findOne|findBy|findOneBy|findOneOrFail|findOneByOrFail|findAndCount|findAndCountBy|count|countBy|exists|existsBy|insert|update|upsert|save|delete|softDelete|restore|remove|increment|decrement)$/';
const tableAccess = {
  'no-restricted-syntax': [
    'error',
    ...[
      'CallExpression[callee.property.name=/^(query|createQueryBuilder|createQueryRunner|getRepository)$/]',
      `CallExpression[callee.object.name=/^(manager|entityManager)$/][callee.property.name=${ENTITY_METHODS}]`,
      `CallExpression[callee.object.property.name='manager'][callee.property.name=${ENTITY_METHODS}]`,
    ].map((selector) => ({ selector, message: TABLE_ACCESS_MESSAGE })),
  ],
};
// Inside the repositories, one style: hand-written parameterized SQL (`manager.query`), not the entity API
// or query builders, whose statements (and side effects: filled defaults, updated_at) are not on the page.
const repositoryStyle = {
  'no-restricted-syntax': [
    'error',
    ...[
      'CallExpression[callee.property.name=/^(createQueryBuilder|getRepository)$/]',
      `CallExpression[callee.object.name=/^(manager|entityManager)$/][callee.property.name=${ENTITY_METHODS}]`,
      `CallExpression[callee.object.property.name='manager'][callee.property.name=${ENTITY_METHODS}]`,
    ].map((selector) => ({
      selector,
      message: 'A repository writes its SQL by hand (manager.query), not the entity API or a query builder.',
    })),
  ],
};
// Not moved this session (each says why); tests (*.test.ts, *.spec.ts) may query directly.
const tableAccessAllowed = [
  'libs/testing/**', // test helpers: set up and read databases directly, as tests do
  // A LISTEN connection or advisory locks, no table statement: they stay beside the code that waits on them.
  'apps/api/src/subscriptions/change.listener.ts',
  'libs/runtime/src/channel.listener.ts',
  'libs/ingestion/src/source.lock.ts',
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.data/', 'coverage/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // The status page runs in browsers: plain ES modules, no build step.
    files: ['apps/api/public/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'fetch',
          'WebSocket',
          'URL',
          'FormData',
          'Node',
          'CSS',
          'performance',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'crypto',
          'TextEncoder',
          'URLSearchParams',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['libs/domain/**'], rules: forbid(...internal.filter((n) => n !== '#domain')) },
  { files: ['libs/config/**'], rules: forbid(...internal.filter((n) => n !== '#config')) },
  { files: ['libs/persistence/**'], rules: forbid('#connectors', '#ingestion', '#correlation', '#testing') },
  { files: ['libs/connectors/**'], rules: forbid('#persistence', '#ingestion', '#correlation', '#testing') },
  { files: ['libs/correlation/**'], rules: forbid('#connectors', '#ingestion', '#testing') },
  { files: ['libs/ingestion/**'], rules: forbid('#testing') },
  // Notifications read what correlation stored and send it; the correlator calls their outbox, not the reverse.
  {
    files: ['libs/notifications/**'],
    rules: forbid('#connectors', '#ingestion', '#correlation', '#testing'),
  },
  // The API reads what correlation stored; it never runs correlation itself.
  { files: ['apps/api/**'], rules: forbid('#connectors', '#ingestion', '#correlation', '#testing') },
  { files: ['apps/ingestor/**', 'apps/beacon/**', 'apps/demo/**'], rules: forbid('#testing') },
  { files: ['apps/simulator/**'], rules: forbid(...internal) },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/persistence/**', '**/*.test.ts', '**/*.spec.ts', ...tableAccessAllowed],
    rules: tableAccess,
  },
  {
    files: ['libs/persistence/src/repositories/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: repositoryStyle,
  },
);
