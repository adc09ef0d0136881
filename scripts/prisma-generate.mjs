// Writes both schemas and generates both Prisma clients. The Prisma CLI would download a native
// schema engine at start-up, which an offline machine cannot do; generating needs none, so the
// download is pointed at a binary that is never run.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { providers, schemaPath, writeSchemas } from './prisma-schemas.mjs';

writeSchemas();
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
for (const name of Object.keys(providers)) {
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', schemaPath(name)], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
}
console.log('certbell: Prisma clients generated for sqlite and postgres');
