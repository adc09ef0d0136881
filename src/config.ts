// The one place that reads the environment. Parsed once, failing fast with the reason; secrets are
// kept out of anything printed.
import { z } from 'zod';
import type { Policy } from './domain/policy.js';
import { defaultPolicy } from './domain/policy.js';

const optionalText = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .optional();

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
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: optionalText,
  SMTP_FROM: z.string().trim().default('certbell <certbell@localhost>'),
  SMTP_REPLY_TO: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SMTP_URL: optionalText,
});

export interface Config {
  readonly databaseUrl: string;
  readonly zone: string;
  readonly holidaysFile: string | null;
  readonly lang: 'zh-CN' | 'en' | null;
  readonly migrateOnStart: boolean;
  readonly policy: Policy;
  readonly logLevel: string;
  /** Who is at the keyboard, for the audit log. */
  readonly actor: string;
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
  readonly secrets: {
    readonly telegramToken: string | null;
    readonly telegramApiRoot: string | null;
    readonly smtpUrl: string | null;
    readonly smtpFrom: string;
    readonly smtpReplyTo: string | null;
  };
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
    actor: e.CERTBELL_ACTOR,
    channels: {
      telegram: Boolean(e.TELEGRAM_BOT_TOKEN),
      slack: Boolean(e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET),
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
    secrets: {
      telegramToken: e.TELEGRAM_BOT_TOKEN ?? null,
      telegramApiRoot: e.TELEGRAM_API_ROOT ?? null,
      smtpUrl: e.SMTP_URL ?? null,
      smtpFrom: e.SMTP_FROM,
      smtpReplyTo: e.SMTP_REPLY_TO ?? null,
    },
  };
}
