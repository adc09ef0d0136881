// The one place that reads the environment. Parsed once, failing fast with the reason; secrets are
// kept out of anything printed.
import { z } from 'zod';
import type { Policy } from './domain/policy.js';
import { defaultPolicy } from './domain/policy.js';
import { digestScheduleSyntax, parseDigestSchedule } from './app/digest-schedule.js';
import type { DigestSchedule } from './app/digest-schedule.js';

const optionalText = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .optional();

function digestSchedule(fallback: string) {
  return z
    .string()
    .default(fallback)
    .refine((text) => parseDigestSchedule(text) !== undefined, `expected ${digestScheduleSyntax}`)
    .transform((text) => parseDigestSchedule(text) ?? null);
}

/** Comma-separated Slack ids (users U…/W…, user groups S…). */
const slackIds = z
  .string()
  .default('')
  .transform((v) => v.split(',').map((id) => id.trim()).filter(Boolean))
  .refine((list) => list.every((id) => /^[A-Z0-9]{2,}$/.test(id)), 'expected comma-separated Slack ids such as U024BE7LH');

const schema = z.object({
  DATABASE_URL: z.string().trim().default('file:./data/certbell.db'),
  CERTBELL_TIMEZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'not a known IANA time zone'),
  CERTBELL_HOLIDAYS_FILE: optionalText,
  CERTBELL_LANG: z.enum(['zh-CN', 'en']).optional(),
  CERTBELL_MIGRATE_ON_START: z.enum(['true', 'false']).default('true'),
  CERTBELL_CERT_VALIDITY_YEARS: z.coerce.number().int().min(1).max(10).default(defaultPolicy.certificateValidity.years),
  CERTBELL_CERT_VALIDITY_MINUS_DAYS: z.coerce.number().int().min(0).max(1).default(defaultPolicy.certificateValidity.minusDays),
  CERTBELL_PLEDGE_DUE_DAYS: z.coerce.number().int().min(1).max(365).default(defaultPolicy.pledgeDueDays),
  CERTBELL_REVIEW_RESTARTS_ON_SUPPLEMENT: z.enum(['true', 'false']).default(defaultPolicy.materialReviewRestartsOnSupplement ? 'true' : 'false'),
  CERTBELL_ACTOR: z.string().trim().min(1).default('unknown'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CERTBELL_SWEEP_AT: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM, 24-hour').default('09:00'),
  CERTBELL_QUIET_HOURS: z
    .string()
    .regex(/^(off|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, 'expected HH:MM-HH:MM or off')
    .default('21:00-08:00'),
  CERTBELL_DISPATCH_EVERY_SECONDS: z.coerce
    .number()
    .int()
    .refine((n) => n >= 1 && n <= 30 && 60 % n === 0, 'expected a divisor of 60 from 1 to 30')
    .default(15),
  CERTBELL_INSTANCE: optionalText,
  CERTBELL_REMINDER_POLICY_FILE: optionalText,
  CERTBELL_STAFF_EMAILS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((e) => e.trim()).filter(Boolean))
    .refine((list) => list.every((e) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)), 'expected comma-separated email addresses'),
  CERTBELL_STAFF_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),
  CERTBELL_DIGEST_AT: digestSchedule('mon 09:00'),
  CERTBELL_STAFF_DIGEST_AT: digestSchedule('workdays 08:30'),
  CERTBELL_DIGEST_HORIZON_DAYS: z.coerce.number().int().min(1).max(366).default(60),
  // One-click unsubscribe (RFC 8058) needs an https:// link; plain http:// only reaches this machine,
  // where tests and a developer's trial run serve the unsubscribe page without TLS.
  CERTBELL_PUBLIC_URL: optionalText.refine(
    (v) => v === undefined || /^(https:\/\/[^\s/?#]+|http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?)(\/[^\s?#]*)?$/.test(v),
    'expected an https:// URL without query: one-click unsubscribe (RFC 8058) requires HTTPS; http:// is accepted only for 127.0.0.1 or localhost',
  ),
  CERTBELL_UNSUBSCRIBE_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, 'expected at least 32 characters'),
  CERTBELL_HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  CERTBELL_HTTP_HOST: z.string().trim().default('0.0.0.0'),
  CERTBELL_WEB_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  CERTBELL_WEB_HOST: z.string().trim().default('127.0.0.1'),
  CERTBELL_WEB_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s/?#]+$/.test(v), 'expected http(s)://host[:port] without a path'),
  CERTBELL_WEB_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  CERTBELL_OPS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  CERTBELL_OPS_HOST: z.string().trim().default('127.0.0.1'),
  CERTBELL_STAFF_REPLY_TO: optionalText,
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: optionalText,
  TELEGRAM_BOT_USERNAME: z
    .string()
    .trim()
    .transform((v) => v.replace(/^@/, '') || undefined)
    .refine((v) => v === undefined || /^[A-Za-z][A-Za-z0-9_]{4,31}$/.test(v), 'expected a bot username of 5 to 32 letters, digits or _')
    .optional(),
  TELEGRAM_MODE: z.enum(['polling', 'webhook']).default('polling'),
  TELEGRAM_WEBHOOK_URL: z
    .string()
    .trim()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || /^https:\/\/\S+$/.test(v), 'expected an https:// URL')
    .optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .trim()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || /^[A-Za-z0-9_-]{16,256}$/.test(v), 'expected 16 to 256 characters of A-Z a-z 0-9 _ -')
    .optional(),
  TELEGRAM_WEBHOOK_HOST: z.string().trim().default('0.0.0.0'),
  TELEGRAM_WEBHOOK_PORT: z.coerce.number().int().min(1).max(65535).default(8443),
  CERTBELL_INVITE_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  SMTP_FROM: z.string().trim().default('certbell <certbell@localhost>'),
  SMTP_REPLY_TO: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_MODE: z.enum(['http', 'socket']).default('http'),
  SLACK_APP_TOKEN: optionalText,
  SLACK_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SLACK_HOST: z.string().trim().default('0.0.0.0'),
  SLACK_API_URL: z
    .string()
    .trim()
    .transform((v) => (v ? (v.endsWith('/') ? v : `${v}/`) : undefined))
    .refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v), 'expected an http(s):// URL')
    .optional(),
  SLACK_STAFF_CHANNEL: optionalText,
  SLACK_ESCALATION_CHANNEL: optionalText,
  SLACK_ESCALATION_GROUP: optionalText,
  SLACK_STAFF_USERS: slackIds,
  SLACK_STAFF_GROUPS: slackIds,
  CERTBELL_ACK_WITHIN_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  CERTBELL_PLEDGE_ESCALATE_DAYS: z.coerce.number().int().min(1).max(365).optional(),
  SMTP_URL: optionalText,
});

export interface TelegramConfig {
  /** Without "@"; null to ask Telegram (getMe) at start-up. */
  readonly botUsername: string | null;
  readonly mode: 'polling' | 'webhook';
  /** Webhook mode: the public https URL Telegram posts to, and where this process listens. */
  readonly webhookUrl: string | null;
  readonly webhookHost: string;
  readonly webhookPort: number;
  /** How long an invitation link stays valid. */
  readonly inviteDays: number;
}

export interface Config {
  readonly databaseUrl: string;
  readonly zone: string;
  readonly holidaysFile: string | null;
  readonly lang: 'zh-CN' | 'en' | null;
  readonly migrateOnStart: boolean;
  readonly policy: Policy;
  readonly logLevel: string;
  /** The operator's listener (/healthz, /readyz, /metrics); null port: none. Loopback unless chosen otherwise. */
  readonly ops: { readonly port: number | null; readonly host: string };
  /** Who is at the keyboard, for the audit log. */
  readonly actor: string;
  /** The staff web console; null port: off. */
  readonly web: WebConfig;
  readonly telegram: TelegramConfig;
  readonly slack: SlackConfig;
  readonly channels: {
    readonly telegram: boolean;
    readonly slack: boolean;
    readonly email: boolean;
  };
  readonly reminders: {
    readonly sweepAt: string;
    readonly quietHours: { readonly start: string; readonly end: string } | null;
    readonly dispatchEverySeconds: number;
    readonly instance: string | null;
    /** A JSON file replacing the default reminder schedule of some obligation kinds. */
    readonly policyFile: string | null;
    /** Staff addresses told about reminders that could not be delivered, and their language. */
    readonly staffEmails: readonly string[];
    readonly staffLocale: 'zh-CN' | 'en';
  };
  /** Secrets stay here and in the adapters that need them; nothing prints this object. */
  readonly digests: {
    /** null: off. */
    readonly contactSchedule: DigestSchedule | null;
    readonly staffSchedule: DigestSchedule | null;
    readonly horizonDays: number;
    /** The public base URL unsubscribe links point to, e.g. https://certbell.example.cn */
    readonly publicUrl: string | null;
    /** Where the unsubscribe page listens (null: no HTTP server). */
    readonly httpPort: number | null;
    readonly httpHost: string;
    /** Reply-To of applicants' digests: the responsible staff. */
    readonly staffReplyTo: string | null;
  };
  readonly secrets: {
    readonly telegramToken: string | null;
    readonly telegramApiRoot: string | null;
    /** Checked against X-Telegram-Bot-Api-Secret-Token on every webhook request. */
    readonly telegramWebhookSecret: string | null;
    readonly smtpUrl: string | null;
    readonly smtpFrom: string;
    readonly smtpReplyTo: string | null;
    /** Signs unsubscribe links (HMAC-SHA256). */
    readonly unsubscribeSecret: string | null;
    readonly slackBotToken: string | null;
    readonly slackSigningSecret: string | null;
    /** Socket Mode's app-level token (xapp-…). */
    readonly slackAppToken: string | null;
  };
}

export interface WebConfig {
  readonly port: number | null;
  readonly host: string;
  /** The address staff reach the console at, for sign-in links and the origin check (default http://localhost:PORT). */
  readonly publicUrl: string | null;
  /** A session unused for this long ends. */
  readonly idleMinutes: number;
}

export interface SlackConfig {
  /** http: Slack posts signed requests to SLACK_PORT; socket: certbell connects out with SLACK_APP_TOKEN. */
  readonly mode: 'http' | 'socket';
  readonly port: number;
  readonly host: string;
  /** The Web API base URL (a local fake in tests); null for Slack's own. */
  readonly apiUrl: string | null;
  /** Where escalations are posted, and where unacknowledged ones are re-posted (defaults to the staff channel). */
  readonly staffChannel: string | null;
  readonly escalationChannel: string | null;
  /** The user group mentioned on re-escalation. */
  readonly escalationGroup: string | null;
  /** Who may act from Slack: user ids and user-group ids. */
  readonly staffUsers: readonly string[];
  readonly staffGroups: readonly string[];
  readonly acknowledgeWithinHours: number;
  /** CN-9 [policy]: days after the notice ended by which an unreturned pledge is escalated. */
  readonly pledgeEscalateDays: number;
}

export class ConfigError extends Error {}

export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    // Name the variable and the reason, never the value: it may be a secret.
    const reasons = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(reasons.join('; '));
  }
  const e = parsed.data;
  if (e.TELEGRAM_BOT_TOKEN && e.TELEGRAM_MODE === 'webhook') {
    // A webhook without a secret would accept updates from anyone who finds the URL.
    const missing = (['TELEGRAM_WEBHOOK_URL', 'TELEGRAM_WEBHOOK_SECRET'] as const).filter((name) => !e[name]);
    if (missing.length) throw new ConfigError(missing.map((name) => `${name}: required when TELEGRAM_MODE is webhook`).join('; '));
  }
  // Socket Mode needs no signing secret (nothing is posted to us); HTTP mode cannot do without one.
  const slackOn = Boolean(e.SLACK_BOT_TOKEN && (e.SLACK_MODE === 'socket' ? e.SLACK_APP_TOKEN : e.SLACK_SIGNING_SECRET));
  if (slackOn && !e.SLACK_STAFF_CHANNEL) throw new ConfigError('SLACK_STAFF_CHANNEL: required when Slack is configured');
  return {
    databaseUrl: e.DATABASE_URL,
    zone: e.CERTBELL_TIMEZONE,
    holidaysFile: e.CERTBELL_HOLIDAYS_FILE ?? null,
    lang: e.CERTBELL_LANG ?? null,
    migrateOnStart: e.CERTBELL_MIGRATE_ON_START === 'true',
    policy: {
      certificateValidity: { years: e.CERTBELL_CERT_VALIDITY_YEARS, minusDays: e.CERTBELL_CERT_VALIDITY_MINUS_DAYS },
      pledgeDueDays: e.CERTBELL_PLEDGE_DUE_DAYS,
      materialReviewRestartsOnSupplement: e.CERTBELL_REVIEW_RESTARTS_ON_SUPPLEMENT === 'true',
    },
    logLevel: e.LOG_LEVEL,
    ops: { port: e.CERTBELL_OPS_PORT ?? null, host: e.CERTBELL_OPS_HOST },
    actor: e.CERTBELL_ACTOR,
    web: { port: e.CERTBELL_WEB_PORT ?? null, host: e.CERTBELL_WEB_HOST, publicUrl: e.CERTBELL_WEB_URL ?? null, idleMinutes: e.CERTBELL_WEB_IDLE_MINUTES },
    telegram: {
      botUsername: e.TELEGRAM_BOT_USERNAME ?? null,
      mode: e.TELEGRAM_MODE,
      webhookUrl: e.TELEGRAM_WEBHOOK_URL ?? null,
      webhookHost: e.TELEGRAM_WEBHOOK_HOST,
      webhookPort: e.TELEGRAM_WEBHOOK_PORT,
      inviteDays: e.CERTBELL_INVITE_DAYS,
    },
    slack: {
      mode: e.SLACK_MODE,
      port: e.SLACK_PORT,
      host: e.SLACK_HOST,
      apiUrl: e.SLACK_API_URL ?? null,
      staffChannel: e.SLACK_STAFF_CHANNEL ?? null,
      escalationChannel: e.SLACK_ESCALATION_CHANNEL ?? e.SLACK_STAFF_CHANNEL ?? null,
      escalationGroup: e.SLACK_ESCALATION_GROUP ?? null,
      staffUsers: e.SLACK_STAFF_USERS,
      staffGroups: e.SLACK_STAFF_GROUPS,
      acknowledgeWithinHours: e.CERTBELL_ACK_WITHIN_HOURS,
      // By default, the day after the pledge fell due.
      pledgeEscalateDays: e.CERTBELL_PLEDGE_ESCALATE_DAYS ?? e.CERTBELL_PLEDGE_DUE_DAYS + 1,
    },
    channels: {
      telegram: Boolean(e.TELEGRAM_BOT_TOKEN),
      slack: slackOn,
      email: Boolean(e.SMTP_URL),
    },
    reminders: {
      sweepAt: e.CERTBELL_SWEEP_AT,
      quietHours: e.CERTBELL_QUIET_HOURS === 'off' ? null : { start: e.CERTBELL_QUIET_HOURS.slice(0, 5), end: e.CERTBELL_QUIET_HOURS.slice(6, 11) },
      dispatchEverySeconds: e.CERTBELL_DISPATCH_EVERY_SECONDS,
      instance: e.CERTBELL_INSTANCE ?? null,
      policyFile: e.CERTBELL_REMINDER_POLICY_FILE ?? null,
      staffEmails: e.CERTBELL_STAFF_EMAILS,
      staffLocale: e.CERTBELL_STAFF_LOCALE,
    },
    digests: {
      contactSchedule: e.CERTBELL_DIGEST_AT,
      staffSchedule: e.CERTBELL_STAFF_DIGEST_AT,
      horizonDays: e.CERTBELL_DIGEST_HORIZON_DAYS,
      publicUrl: e.CERTBELL_PUBLIC_URL ?? null,
      httpPort: e.CERTBELL_HTTP_PORT ?? null,
      httpHost: e.CERTBELL_HTTP_HOST,
      staffReplyTo: e.CERTBELL_STAFF_REPLY_TO ?? null,
    },
    secrets: {
      telegramToken: e.TELEGRAM_BOT_TOKEN ?? null,
      telegramApiRoot: e.TELEGRAM_API_ROOT ?? null,
      telegramWebhookSecret: e.TELEGRAM_WEBHOOK_SECRET ?? null,
      smtpUrl: e.SMTP_URL ?? null,
      smtpFrom: e.SMTP_FROM,
      smtpReplyTo: e.SMTP_REPLY_TO ?? null,
      unsubscribeSecret: e.CERTBELL_UNSUBSCRIBE_SECRET ?? null,
      slackBotToken: e.SLACK_BOT_TOKEN ?? null,
      slackSigningSecret: e.SLACK_SIGNING_SECRET ?? null,
      slackAppToken: e.SLACK_APP_TOKEN ?? null,
    },
  };
}
