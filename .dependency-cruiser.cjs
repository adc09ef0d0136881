// The dependency rule of ARCHITECTURE.md, enforced: main → adapters → app → domain.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ imports only luxon and its siblings: no node:*, no SDKs, no Prisma, no app or adapters',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', 'node_modules/luxon/', 'node_modules/@types/luxon/'] },
    },
    {
      name: 'app-imports-domain-only',
      comment: 'use cases see the domain and their own ports, never adapters or SDKs',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { pathNot: ['^src/app/', '^src/domain/', 'node_modules/luxon/', 'node_modules/@types/luxon/'] },
    },
    {
      name: 'adapters-not-into-composition-root',
      comment: 'adapters are given what they need; only the entry points and src/compose read the configuration',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: ['^src/(main|cli)\\.ts$', '^src/(compose|config)/'] },
    },
    {
      name: 'config-is-parsed-not-composed',
      comment: 'the configuration schemas know nothing of how the parts are put together',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: ['^src/compose/', '^src/adapters/', '^src/(main|cli)\\.ts$'] },
    },
    {
      name: 'prisma-stays-in-db-adapter',
      comment: 'the generated client and Prisma packages are imported only by src/adapters/db',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/adapters/db/' },
      to: { path: ['^src/adapters/db/generated/', 'node_modules/@prisma/', 'node_modules/prisma/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: 'src/adapters/db/generated/' },
  },
};
