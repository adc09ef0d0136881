// The daily reminder sweep and the outbox dispatcher.
import { z } from 'zod';
import { channelIds, contactChannelIds, defaultChannelPreference } from '../app/delivery.js';
import type { ContactChannelId } from '../app/delivery.js';
import { locale, optionalText } from './fields.js';

const clockTime = /([01]\d|2[0-3]):[0-5]\d/.source;

export const remindersSchema = z
  .object({
    CERTBELL_SWEEP_AT: z.string().regex(new RegExp(`^${clockTime}$`), 'expected HH:MM, 24-hour').default('09:00'),
    CERTBELL_QUIET_HOURS: z
      .string()
      .regex(new RegExp(`^(off|${clockTime}-${clockTime})$`), 'expected HH:MM-HH:MM or off')
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
    CERTBELL_STAFF_LOCALE: locale.default('zh-CN'),
    CERTBELL_CHANNEL_PREFERENCE: z
      .string()
      .default(defaultChannelPreference.join(','))
      .transform((v) => [...new Set(v.split(',').map((c) => c.trim()).filter(Boolean))])
      .superRefine((list, ctx) => {
        const expected = `expected channels of ${contactChannelIds.join(', ')}, separated by commas, in the order to try them`;
        const known = (c: string, ids: readonly string[]) => ids.includes(c);
        const unknown = list.filter((c) => !known(c, channelIds));
        const staffOnly = list.filter((c) => known(c, channelIds) && !known(c, contactChannelIds));
        if (unknown.length) ctx.addIssue({ code: 'custom', message: `unknown channel ${unknown.join(', ')}; ${expected}` });
        else if (staffOnly.length) ctx.addIssue({ code: 'custom', message: `${staffOnly.join(', ')} reaches staff only, not contacts; ${expected}` });
        else if (!list.length) ctx.addIssue({ code: 'custom', message: expected });
      }),
  })
  .transform((e) => ({
    sweepAt: e.CERTBELL_SWEEP_AT,
    quietHours: e.CERTBELL_QUIET_HOURS === 'off' ? null : { start: e.CERTBELL_QUIET_HOURS.slice(0, 5), end: e.CERTBELL_QUIET_HOURS.slice(6, 11) },
    dispatchEverySeconds: e.CERTBELL_DISPATCH_EVERY_SECONDS,
    instance: e.CERTBELL_INSTANCE ?? null,
    /** A JSON file replacing the default reminder schedule of some obligation kinds. */
    policyFile: e.CERTBELL_REMINDER_POLICY_FILE ?? null,
    /** Staff addresses told about reminders that could not be delivered, and their language. */
    staffEmails: e.CERTBELL_STAFF_EMAILS as readonly string[],
    staffLocale: e.CERTBELL_STAFF_LOCALE,
    /** Which channel a reminder takes: the first of these that is configured and reaches the contact. */
    channelPreference: e.CERTBELL_CHANNEL_PREFERENCE as readonly ContactChannelId[],
  }));
