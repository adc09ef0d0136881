// The outbound channels that are configured, each built once; the dispatcher sends through them.
import type { ChannelId, DeliveryChannel } from '../app/delivery.js';
import { createEmailDelivery } from '../adapters/email/email-delivery.js';
import { createSlackDelivery } from '../adapters/slack/slack-web.js';
import { createTelegramDelivery } from '../adapters/telegram/telegram-delivery.js';
import type { Config } from '../config/index.js';
import type { SlackConnection } from './slack.js';

export type Channels = Partial<Record<ChannelId, DeliveryChannel>>;

/**
 * One line per channel: how it is built from the configuration, or null when it is not configured.
 * Everything else about a channel (its limits, how it reaches a contact, its fallback) its adapter declares.
 */
const registry: { readonly [Id in ChannelId]: (config: Config, slack: SlackConnection | null) => DeliveryChannel | null } = {
  telegram: ({ secrets: s }) => (s.telegramToken ? createTelegramDelivery({ token: s.telegramToken, ...(s.telegramApiRoot ? { apiRoot: s.telegramApiRoot } : {}) }) : null),
  email: ({ secrets: s }) => (s.smtpUrl ? createEmailDelivery({ smtpUrl: s.smtpUrl, from: s.smtpFrom, ...(s.smtpReplyTo ? { replyTo: s.smtpReplyTo } : {}) }) : null),
  slack: (_config, slack) => (slack ? createSlackDelivery(slack.web) : null),
};

export function buildChannels(config: Config, slack: SlackConnection | null): Channels {
  const channels: Channels = {};
  for (const [id, build] of Object.entries(registry) as [ChannelId, (typeof registry)[ChannelId]][]) {
    const channel = build(config, slack);
    if (channel) channels[id] = channel;
  }
  return channels;
}
