// Staff escalations in Slack (its tokens are among the secrets).
import { z } from 'zod';
import { host, optionalText } from './fields.js';
import { pledgeDueDays } from './policy.js';

/** Comma-separated Slack ids (users U…/W…, user groups S…). */
const slackIds = z
  .string()
  .default('')
  .transform((v) => v.split(',').map((id) => id.trim()).filter(Boolean))
  .refine((list) => list.every((id) => /^[A-Z0-9]{2,}$/.test(id)), 'expected comma-separated Slack ids such as U024BE7LH');

export const slackSchema = z
  .object({
    SLACK_MODE: z.enum(['http', 'socket']).default('http'),
    SLACK_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    SLACK_HOST: host('0.0.0.0'),
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
    CERTBELL_PLEDGE_DUE_DAYS: pledgeDueDays,
  })
  .transform((e) => ({
    /** http: Slack posts signed requests to SLACK_PORT; socket: certbell connects out with SLACK_APP_TOKEN. */
    mode: e.SLACK_MODE,
    port: e.SLACK_PORT,
    host: e.SLACK_HOST,
    /** The Web API base URL (a local fake in tests); null for Slack's own. */
    apiUrl: e.SLACK_API_URL ?? null,
    /** Where escalations are posted, and where unacknowledged ones are re-posted (defaults to the staff channel). */
    staffChannel: e.SLACK_STAFF_CHANNEL ?? null,
    escalationChannel: e.SLACK_ESCALATION_CHANNEL ?? e.SLACK_STAFF_CHANNEL ?? null,
    /** The user group mentioned on re-escalation. */
    escalationGroup: e.SLACK_ESCALATION_GROUP ?? null,
    /** Who may act from Slack: user ids and user-group ids. */
    staffUsers: e.SLACK_STAFF_USERS as readonly string[],
    staffGroups: e.SLACK_STAFF_GROUPS as readonly string[],
    acknowledgeWithinHours: e.CERTBELL_ACK_WITHIN_HOURS,
    /** CN-9 [policy]: days after the notice ended by which an unreturned pledge is escalated; by default the day after it fell due. */
    pledgeEscalateDays: e.CERTBELL_PLEDGE_ESCALATE_DAYS ?? e.CERTBELL_PLEDGE_DUE_DAYS + 1,
  }));
