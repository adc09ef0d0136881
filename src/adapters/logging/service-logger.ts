// The service's logger: JSON lines on stdout (pino) that never carry a secret or a message body.
// Two nets: `redact` blanks fields that hold secrets or message content wherever a caller puts them,
// and every line is scrubbed of the configured secret values themselves, because a secret can also
// hide inside free text (a library's error message quoting a request URL with the bot token in it).
import { pino } from 'pino';
import type { Logger } from 'pino';

export const REDACTED = '[redacted]';

/** Field names that hold credentials or what a message says, at the top level and one level down. */
const SENSITIVE_FIELDS = [
  'token', 'botToken', 'appToken', 'secret', 'signingSecret', 'webhookSecret', 'unsubscribeSecret',
  'password', 'pass', 'authorization', 'cookie', 'smtpUrl', 'databaseUrl', 'url',
  'text', 'html', 'body', 'subject', 'blocks', 'attachments', 'detail', 'content',
];
const REDACT_PATHS = [
  ...SENSITIVE_FIELDS,
  ...SENSITIVE_FIELDS.map((field) => `*.${field}`),
  'headers.authorization', 'headers.cookie', '*.headers.authorization', '*.headers.cookie', '*.headers["x-telegram-bot-api-secret-token"]', '*.headers["x-slack-signature"]',
];

/** Shorter values would scrub ordinary words; real tokens and passwords are longer. */
const MIN_SECRET_LENGTH = 6;

export interface ServiceLoggerOptions {
  readonly level: string;
  /** Values that must never appear in a line (tokens, signing secrets, passwords); nulls are skipped. */
  readonly secrets: readonly (string | null | undefined)[];
  /** Where the lines go; stdout by default. */
  readonly destination?: pino.DestinationStream;
}

export function createServiceLogger(options: ServiceLoggerOptions): Logger {
  const scrub = secretScrubber(options.secrets);
  return pino(
    {
      level: options.level,
      base: { service: 'certbell' },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: { streamWrite: scrub },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** Replaces each secret, as written and as it would appear URL- or JSON-encoded, with [redacted]. */
export function secretScrubber(secrets: readonly (string | null | undefined)[]): (line: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first, so that a secret containing another is replaced whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  if (!ordered.length) return (line) => line;
  return (line) => {
    let out = line;
    for (const form of ordered) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out;
  };
}
