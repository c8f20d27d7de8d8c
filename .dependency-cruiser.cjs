// The module map of docs/architecture.md as import rules, checked by `npm run lint:boundaries`.
// Each src/<folder>/ is a module. Infrastructure: config/ and database/ (the foundation), common/,
// queues/, health/, openapi/. Every other folder is a feature module, new ones included.
// Spec files are left out: a test may reach into whatever it sets up.
const INFRA = '(config|database|common|queues|health|openapi)';
const FEATURE = `^src/(?!${INFRA}/)[^/]+/`;
// A module's own insides: the only things it keeps from the others.
const PRIVATE_FILE = '[.](repository|controller|processor|scheduler|listener)[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'foundation-imports-no-module',
      comment:
        'config/ and database/ are the foundation: they import nothing else in src/, except that ' +
        "database/orm.config.ts registers every module's entities.",
      severity: 'error',
      from: { path: '^src/(config|database)/', pathNot: '^src/database/orm[.]config[.]ts$' },
      to: { path: '^src/', pathNot: '^src/(config|database)/' },
    },
    {
      name: 'orm-config-imports-only-entities',
      comment: 'The entity registry reaches into modules for their entities and nothing else.',
      severity: 'error',
      from: { path: '^src/database/orm[.]config[.]ts$' },
      to: { path: '^src/', pathNot: ['^src/(config|database)/', '[.]entity[.]ts$'] },
    },
    {
      name: 'infrastructure-imports-no-feature',
      comment:
        'common/, queues/ and health/ serve every module, so they depend on none (auth lives in auth/), ' +
        "bar auth's route decorators: they only set metadata (health marks its routes @Public()).",
      severity: 'error',
      from: { path: '^src/(common|queues|health)/' },
      to: { path: FEATURE, pathNot: '^src/auth/auth[.]decorators[.]ts$' },
    },
    {
      name: 'no-reaching-into-another-module',
      comment:
        'A module uses another through its public files (service, module, entity, events, errors, types, schemas), never its repositories, ' +
        'controllers, processors, schedulers or listeners. worker/ wires every processor and openapi/ documents every controller.',
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: '^src/(worker|openapi)/' },
      // wallet/ has its own, stricter rule below.
      to: { path: `^src/[^/]+/.*${PRIVATE_FILE}`, pathNot: ['^src/$1/', '^src/wallet/'] },
    },
    {
      name: 'only-wallet-writes-the-ledger',
      comment:
        'Only wallet/ writes wallet balances and ledger entries: other modules call its service (or its events), ' +
        'and the call path its ledger writer through ledger.ts; never its batch planner or its repositories.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(wallet|worker)/' },
      to: {
        path: '^src/wallet/',
        pathNot: [
          // schemas: the ledger entry's JSON shape, which calls and support answer with too.
          '^src/wallet/[^/]*[.](service|module|entity|events|errors|types|interface|schemas)[.]ts$',
          // The writer is wallet's write API for calls/, used directly: a service wrapper would add a step to every call.
          '^src/wallet/ledger[.]ts$',
        ],
      },
    },
    {
      name: 'console-and-support-are-leaves',
      comment:
        'web/ (the console) and support/ read other modules; no module reads them, bar support reusing the console views ' +
        'and the entry points (src/*.ts) mounting them.',
      severity: 'error',
      // orm.config registers support's entities like every module's (orm-config-imports-only-entities keeps it to those).
      from: { path: '^src/[^/]+/', pathNot: ['^src/(web|support|worker|openapi)/', '^src/database/orm[.]config[.]ts$'] },
      to: { path: '^src/(web|support)/' },
    },
    {
      name: 'src-imports-no-tests',
      comment: 'The service never loads test helpers.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    // Spec files may reach anywhere; only the service's own files are held to the map.
    exclude: { path: '[.]spec[.]ts$' },
    includeOnly: '^src/',
    doNotFollow: { path: 'node_modules' },
    // `import type` counts too: a row type taken from another module's repository is reaching in.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
