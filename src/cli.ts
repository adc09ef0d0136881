// The `certbell` command line's entry point: reads the environment, picks the language, runs one
// command (src/adapters/cli/commands/), and sets the exit code once everything printed is written.
import { once } from 'node:events';
import { realpathSync } from 'node:fs';
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Io } from './adapters/cli/context.js';
import { runProgram } from './adapters/cli/program.js';
import { pickLocale, translator } from './adapters/i18n/translator.js';
import type { Translator } from './adapters/i18n/translator.js';
import { cliContext } from './compose/cli.js';
import { ConfigError, parseConfig } from './config/index.js';
import type { Config } from './config/index.js';
import { errorMessage } from './app/errors.js';

export type { Io };

/** --lang, else CERTBELL_LANG, else the shell's locale. */
function languageOf(argv: readonly string[], config: Config | null, env: Readonly<Record<string, string | undefined>>): Translator {
  const i = argv.indexOf('--lang');
  const asked = i >= 0 ? argv[i + 1] : undefined;
  return translator(pickLocale(asked ?? config?.lang ?? env.LC_ALL ?? env.LANG));
}

export async function runCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: Io): Promise<number> {
  let config: Config;
  try {
    config = parseConfig({ ...env, CERTBELL_ACTOR: env.CERTBELL_ACTOR ?? safeUser() });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(languageOf(argv, null, env).t('error.config/invalid', { reason: error.message }));
    return 3;
  }
  const ctx = cliContext(config, languageOf(argv, config, env), io);
  try {
    return await runProgram(ctx, argv);
  } finally {
    await ctx.close();
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * Runs the command line in this process. It sets the exit code and lets the process end by itself:
 * exiting at once would cut off what stdout still holds for a slow pipe reader.
 */
export function runFromProcess(): void {
  const io: Io = {
    out: (text) => (process.stdout.write(`${text}\n`) ? undefined : once(process.stdout, 'drain').then(() => undefined)),
    err: (text) => void process.stderr.write(`${text}\n`),
    progress: process.stderr,
  };
  runCli(process.argv.slice(2), process.env, io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`certbell: ${errorMessage(error)}\n`);
      process.exitCode = 70;
    },
  );
}

// `tsx src/cli.ts …` (npm run certbell); bin/certbell.js calls runFromProcess itself.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) runFromProcess();
