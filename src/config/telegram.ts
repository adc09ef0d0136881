// The applicants' assistant in Telegram (its token is among the secrets).
import { z } from 'zod';
import { host } from './fields.js';

export const telegramSchema = z
  .object({
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
    TELEGRAM_WEBHOOK_HOST: host('0.0.0.0'),
    TELEGRAM_WEBHOOK_PORT: z.coerce.number().int().min(1).max(65535).default(8443),
    CERTBELL_INVITE_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  })
  .transform((e) => ({
    /** Without "@"; null to ask Telegram (getMe) at start-up. */
    botUsername: e.TELEGRAM_BOT_USERNAME ?? null,
    mode: e.TELEGRAM_MODE,
    /** Webhook mode: the public https URL Telegram posts to, and where this process listens. */
    webhookUrl: e.TELEGRAM_WEBHOOK_URL ?? null,
    webhookHost: e.TELEGRAM_WEBHOOK_HOST,
    webhookPort: e.TELEGRAM_WEBHOOK_PORT,
    /** How long an invitation link stays valid. */
    inviteDays: e.CERTBELL_INVITE_DAYS,
  }));
