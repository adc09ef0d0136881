// Configuration, parsed once from the environment that main.ts or cli.ts hands in, failing fast with
// the variable and the reason. One schema per area; every type here is inferred from them.
import type { z } from 'zod';
import { coreSchema } from './core.js';
import { digestsSchema } from './digests.js';
import { opsSchema } from './ops.js';
import { policySchema } from './policy.js';
import { remindersSchema } from './reminders.js';
import { secretsSchema } from './secrets.js';
import { slackSchema } from './slack.js';
import { telegramSchema } from './telegram.js';
import { webSchema } from './web.js';

const areas = {
  core: coreSchema,
  policy: policySchema,
  ops: opsSchema,
  web: webSchema,
  telegram: telegramSchema,
  slack: slackSchema,
  reminders: remindersSchema,
  digests: digestsSchema,
  secrets: secretsSchema,
};

type Areas = { readonly [K in keyof typeof areas]: z.output<(typeof areas)[K]> };

export type TelegramConfig = Areas['telegram'];
export type SlackConfig = Areas['slack'];

export type Config = Areas['core'] &
  Omit<Areas, 'core'> & {
    /** Which outbound channels are configured. */
    readonly channels: { readonly telegram: boolean; readonly slack: boolean; readonly email: boolean };
  };

export class ConfigError extends Error {}

export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const reasons: string[] = [];
  const parse = <K extends keyof typeof areas>(key: K): Areas[K] => {
    const parsed = areas[key].safeParse(env);
    // Name the variable and the reason, never the value: it may be a secret.
    if (!parsed.success) reasons.push(...parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
    return parsed.data as Areas[K];
  };
  const parsed = {
    core: parse('core'),
    policy: parse('policy'),
    ops: parse('ops'),
    web: parse('web'),
    telegram: parse('telegram'),
    slack: parse('slack'),
    reminders: parse('reminders'),
    digests: parse('digests'),
    secrets: parse('secrets'),
  };
  if (reasons.length) throw new ConfigError(reasons.join('; '));
  const { core, ...rest } = parsed;
  const { telegram, slack, secrets } = rest;
  if (secrets.telegramToken && telegram.mode === 'webhook') {
    // A webhook without a secret would accept updates from anyone who finds the URL.
    const missing = [...(telegram.webhookUrl ? [] : ['TELEGRAM_WEBHOOK_URL']), ...(secrets.telegramWebhookSecret ? [] : ['TELEGRAM_WEBHOOK_SECRET'])];
    if (missing.length) throw new ConfigError(missing.map((name) => `${name}: required when TELEGRAM_MODE is webhook`).join('; '));
  }
  // Socket Mode needs no signing secret (nothing is posted to us); HTTP mode cannot do without one.
  const slackOn = Boolean(secrets.slackBotToken && (slack.mode === 'socket' ? secrets.slackAppToken : secrets.slackSigningSecret));
  if (slackOn && !slack.staffChannel) throw new ConfigError('SLACK_STAFF_CHANNEL: required when Slack is configured');
  return {
    ...core,
    ...rest,
    channels: { telegram: Boolean(secrets.telegramToken), slack: slackOn, email: Boolean(secrets.smtpUrl) },
  };
}
