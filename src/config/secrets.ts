// Tokens, passwords and signing keys. They stay here and in the adapters that need them: nothing
// prints this area, and the service logger scrubs every one of them from its lines.
import { z } from 'zod';
import { optionalText } from './fields.js';

export const secretsSchema = z
  .object({
    TELEGRAM_BOT_TOKEN: optionalText,
    TELEGRAM_API_ROOT: optionalText,
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .trim()
      .transform((v) => v || undefined)
      .refine((v) => v === undefined || /^[A-Za-z0-9_-]{16,256}$/.test(v), 'expected 16 to 256 characters of A-Z a-z 0-9 _ -')
      .optional(),
    SMTP_URL: optionalText,
    SMTP_FROM: z.string().trim().default('certbell <certbell@localhost>'),
    SMTP_REPLY_TO: optionalText,
    CERTBELL_UNSUBSCRIBE_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, 'expected at least 32 characters'),
    SLACK_BOT_TOKEN: optionalText,
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText,
  })
  .transform((e) => ({
    telegramToken: e.TELEGRAM_BOT_TOKEN ?? null,
    telegramApiRoot: e.TELEGRAM_API_ROOT ?? null,
    /** Checked against X-Telegram-Bot-Api-Secret-Token on every webhook request. */
    telegramWebhookSecret: e.TELEGRAM_WEBHOOK_SECRET ?? null,
    smtpUrl: e.SMTP_URL ?? null,
    smtpFrom: e.SMTP_FROM,
    smtpReplyTo: e.SMTP_REPLY_TO ?? null,
    /** Signs unsubscribe links (HMAC-SHA256). */
    unsubscribeSecret: e.CERTBELL_UNSUBSCRIBE_SECRET ?? null,
    slackBotToken: e.SLACK_BOT_TOKEN ?? null,
    slackSigningSecret: e.SLACK_SIGNING_SECRET ?? null,
    /** Socket Mode's app-level token (xapp-…). */
    slackAppToken: e.SLACK_APP_TOKEN ?? null,
  }));
