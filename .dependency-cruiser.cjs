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
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/(main|cli|config)\\.ts$' },
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
