// Compiles src/ into dist/ (what bin/certbell.js and `npm start` run), only when a source is newer than
// the last build: `npm start` and the tests call it, so dist/ never runs older code than src/ holds.
// `--force` rebuilds regardless (the install step). The locales are read from locales/ at run time.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.built');
const inputs = [join(root, 'src'), join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json')];

function newestChange(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs; // a deleted file changes its folder's time
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

/** Whether dist/ was built after the last change to the sources. */
export function distIsFresh() {
  return existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(...inputs.map(newestChange));
}

export function build() {
  // From scratch: a module removed from src/ must not linger in dist/.
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const started = Date.now();
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  // The stamp carries the time the build started: a source saved during the build counts as newer.
  writeFileSync(stamp, '');
  utimesSync(stamp, new Date(started), new Date(started));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--force') || !distIsFresh()) {
    build();
    console.log('certbell: compiled src/ into dist/');
  }
}
