// How a message leaves certbell. Each channel (Telegram, email, Slack) implements DeliveryChannel in
// src/adapters; the dispatcher decides what to do with each outcome.

import type { RateLimits } from './rate-limiter.js';

/** The channels that can reach an applicant's contact (each declares how: `DeliveryPolicy.addressOf`). */
export const contactChannelIds = ['telegram', 'email'] as const;
/** Every outbound channel: the contact channels and Slack, which only staff read. */
export const channelIds = [...contactChannelIds, 'slack'] as const;

export type ContactChannelId = (typeof contactChannelIds)[number];
export type ChannelId = (typeof channelIds)[number];

/** Which channel a reminder takes when a contact has several (CERTBELL_CHANNEL_PREFERENCE): the first that reaches them. */
export const defaultChannelPreference: readonly ContactChannelId[] = ['telegram', 'email'];

/** What a channel can look at to find a contact's address on it. */
export interface ContactAddresses {
  readonly email: string;
  readonly locale: string;
  readonly chats: readonly { readonly chatId: string; readonly status: 'active' | 'blocked'; readonly locale?: string | null }[];
}

/** A contact's address on one channel, and the language they chose there (a chat's /lang), if any. */
export interface ChannelAddress {
  readonly address: string;
  readonly locale?: string | null;
}

export interface Attachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: string;
}

/** What a message says, before it is addressed. Channels use what they can show and ignore the rest. */
export interface MessageContent {
  /** One line saying what is inside (the email subject; Telegram shows it as the first line). */
  readonly subject: string;
  /** Plain text, complete on its own. */
  readonly text: string;
  /** Email: the HTML alternative of `text`. */
  readonly html?: string;
  /** Email: files such as a digest's .ics calendar. */
  readonly attachments?: readonly Attachment[];
  /** Email: extra headers (List-Unsubscribe…). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Email: where replies go, when not the configured default. */
  readonly replyTo?: string;
  /** Slack: Block Kit blocks (the text is the notification fallback). */
  readonly blocks?: readonly unknown[];
}

export interface OutgoingMessage extends MessageContent {
  /** A Telegram chat id, an email address, or a Slack channel id. */
  readonly address: string;
  /** Idempotency key of the outbox row, for channels that can pass it on (email Message-ID). */
  readonly key: string;
}

export type DeliveryResult =
  /** Accepted by the provider. */
  /** Accepted by the provider; providerId names the sent message where the provider gives one (Slack: channel and ts). */
  | { readonly kind: 'sent'; readonly providerId?: string }
  /**
   * Worth trying again: rate limited (afterMs, from the provider's retry_after or Retry-After), server
   * busy or unreachable. A rate limit is the provider saying "later", not a failure: it never counts
   * toward giving up.
   */
  | { readonly kind: 'retry'; readonly afterMs?: number; readonly reason: string }
  /** The recipient cannot be reached on this channel (Telegram: blocked by the user, chat gone). */
  | { readonly kind: 'blocked'; readonly reason: string }
  /** The provider refused the message for good (email: recipient rejected). */
  | { readonly kind: 'rejected'; readonly reason: string };

/** What a channel's provider allows, declared by the channel's adapter; the dispatcher keeps to it. */
export interface DeliveryPolicy {
  /** The provider's send rates, overall and to one destination. */
  readonly rate?: RateLimits;
  /**
   * A destination over its rate waits for a later dispatch (many destinations, such as chats) instead
   * of in turn (a staff channel, which a burst of escalations would otherwise trickle into).
   */
  readonly laterWhenDestinationBusy?: boolean;
  /** Messages wait out the quiet hours: a chat notification wakes people, an email does not. */
  readonly quietHours?: boolean;
  /** Where this channel reaches a contact, or null when it cannot; a channel without it never carries reminders. */
  readonly addressOf?: (contact: ContactAddresses) => ChannelAddress | null;
  /**
   * A `blocked` answer means this contact cannot be reached here at all (a chat that blocked the bot):
   * the reminder goes on the next channel of the preference that reaches them.
   */
  readonly fallsBackWhenBlocked?: boolean;
}

export interface DeliveryChannel {
  readonly id: ChannelId;
  readonly policy?: DeliveryPolicy;
  send(message: OutgoingMessage): Promise<DeliveryResult>;
  close?(): Promise<void>;
}
