// Where the data lives, which calendar the rules count in, and how the process speaks and logs.
import { z } from 'zod';
import { flag, locale, optionalText } from './fields.js';

export const coreSchema = z
  .object({
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
    CERTBELL_CONTACTS_FILE: optionalText,
    CERTBELL_LANG: locale.optional(),
    CERTBELL_MIGRATE_ON_START: flag(true),
    CERTBELL_ACTOR: z.string().trim().min(1).default('unknown'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .transform((e) => ({
    databaseUrl: e.DATABASE_URL,
    zone: e.CERTBELL_TIMEZONE,
    holidaysFile: e.CERTBELL_HOLIDAYS_FILE ?? null,
    /** Corrections to the schemes' contact directories (the contact book). */
    contactsFile: e.CERTBELL_CONTACTS_FILE ?? null,
    lang: e.CERTBELL_LANG ?? null,
    migrateOnStart: e.CERTBELL_MIGRATE_ON_START,
    /** Who is at the keyboard, for the audit log. */
    actor: e.CERTBELL_ACTOR,
    logLevel: e.LOG_LEVEL,
  }));
