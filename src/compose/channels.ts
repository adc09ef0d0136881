// The outbound channels that are configured, each built once; the dispatcher sends through them.
import type { DeliveryChannel } from '../app/delivery.js';
import { createEmailDelivery } from '../adapters/email/email-delivery.js';
import { createSlackDelivery } from '../adapters/slack/slack-web.js';
import { createTelegramDelivery } from '../adapters/telegram/telegram-delivery.js';
import type { Config } from '../config/index.js';
import type { SlackConnection } from './slack.js';

export type Channels = Partial<Record<'telegram' | 'email' | 'slack', DeliveryChannel>>;

export function buildChannels(config: Config, slack: SlackConnection | null): Channels {
  const { secrets } = config;
  return {
    ...(secrets.telegramToken
      ? { telegram: createTelegramDelivery({ token: secrets.telegramToken, ...(secrets.telegramApiRoot ? { apiRoot: secrets.telegramApiRoot } : {}) }) }
      : {}),
    ...(secrets.smtpUrl
      ? { email: createEmailDelivery({ smtpUrl: secrets.smtpUrl, from: secrets.smtpFrom, ...(secrets.smtpReplyTo ? { replyTo: secrets.smtpReplyTo } : {}) }) }
      : {}),
    ...(slack ? { slack: createSlackDelivery(slack.web) } : {}),
  };
}
