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
);
