// The layering rules of ../shared/DESIGN.md §1, checked by `npm run lint` (dependency-cruiser):
// data flows one way (portal → api → core → domain / db), and nothing imports upward.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A circle makes two modules one: break it by moving what both need lower.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'db-knows-no-business',
      severity: 'error',
      comment: 'db/ holds migrations, table types and the connection: it imports no package above it.',
      from: { path: '^db/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(packages|apps|tooling)/' },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'packages/domain holds pure rules: no I/O, no database, no other workspace package.',
      from: { path: '^packages/domain/' },
      to: {
        path: '^(db|apps|tooling|packages/(?!domain/))',
      },
    },
    {
      name: 'domain-no-io-modules',
      severity: 'error',
      comment: 'packages/domain reads no file, socket, process nor clock of its own.',
      from: { path: '^packages/domain/' },
      to: {
        dependencyTypes: ['core'],
        path: '^(fs|fs/promises|net|http|https|http2|child_process|worker_threads|dgram|dns|tls|cluster|process)$',
      },
    },
    {
      name: 'domain-only-zod',
      severity: 'error',
      comment: 'The only library pure rules need is zod (schemas shared with the portal).',
      from: { path: '^packages/domain/src/(?!.*\\.test\\.ts$)' },
      to: { dependencyTypes: ['npm', 'npm-dev'], pathNot: '^node_modules/zod/' },
    },
    {
      name: 'workbook-knows-only-exceljs',
      severity: 'error',
      comment: 'The streamed workbook writer serves any download or worker file: no database, no domain.',
      from: { path: '^packages/workbook/' },
      to: { path: '^(db|apps|tooling|packages/(?!workbook/))' },
    },
    {
      name: 'ror-mapping-is-pure',
      severity: 'error',
      comment: 'FHIR → directory rows, no I/O: it reads only the domain rules and the FHIR R4 types.',
      from: { path: '^packages/ror-mapping/src/', pathNot: '\\.test(-support)?\\.ts$' },
      to: {
        pathNot: '^(packages/(ror-mapping|domain)/|(node_modules/)?@medplum/fhirtypes)',
      },
    },
    {
      name: 'portal-takes-only-types-from-api',
      severity: 'error',
      comment: 'The portal runs in the browser: it may read the router types, never server code.',
      from: { path: '^apps/portal/' },
      to: { path: '^packages/api/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'portal-no-server-code',
      severity: 'error',
      comment: 'Nothing of the server side reaches the browser bundle.',
      from: { path: '^apps/portal/' },
      to: { path: '^(db|packages/(core|notifications|client)|apps/(server|worker))/' },
    },
    {
      name: 'workers-never-import-the-server',
      severity: 'error',
      comment: 'Tasks call core services as the routers do; the HTTP server is not theirs.',
      from: { path: '^apps/worker/' },
      to: { path: '^(apps/server|packages/api)/' },
    },
    {
      name: 'core-below-the-api',
      severity: 'error',
      comment: 'Use cases know no router, server, worker nor portal.',
      from: { path: '^packages/core/' },
      to: { path: '^(packages/api|apps)/' },
    },
    {
      name: 'api-below-the-apps',
      severity: 'error',
      comment: 'Routers know no app.',
      from: { path: '^packages/api/src/(?!.*\\.test\\.ts$)' },
      to: { path: '^apps/' },
    },
    {
      name: 'production-code-never-imports-tooling',
      severity: 'error',
      comment: 'tooling/ is for local runs and tests; production code must not need it.',
      // Tests, the attack suite's support files and build scripts may use the test tooling.
      from: { path: '^(db|packages|apps)/', pathNot: '\\.(test|spec)\\.ts$|/scripts/|^apps/server/src/security/' },
      to: { path: '^tooling/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|test-results|playwright-report)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    combinedDependencies: true,
  },
};
