// How a message leaves certbell. Each channel (Telegram, email) implements DeliveryChannel in
// src/adapters; the dispatcher decides what to do with each outcome.

export type ChannelId = 'telegram' | 'email';

export interface OutgoingMessage {
  /** A Telegram chat id, or an email address. */
  readonly address: string;
  /** One line saying what is inside (the email subject; Telegram shows it as the first line). */
  readonly subject: string;
  /** Plain text, complete on its own. */
  readonly text: string;
  /** Idempotency key of the outbox row, for channels that can pass it on (email Message-ID). */
  readonly key: string;
}

export type DeliveryResult =
  /** Accepted by the provider. */
  | { readonly kind: 'sent'; readonly providerId?: string }
  /** Worth trying again: rate limited (afterMs from the provider's retry_after), server busy or unreachable. */
  | { readonly kind: 'retry'; readonly afterMs?: number; readonly reason: string }
  /** The recipient cannot be reached on this channel (Telegram: blocked by the user, chat gone). */
  | { readonly kind: 'blocked'; readonly reason: string }
  /** The provider refused the message for good (email: recipient rejected). */
  | { readonly kind: 'rejected'; readonly reason: string };

export interface DeliveryChannel {
  readonly id: ChannelId;
  send(message: OutgoingMessage): Promise<DeliveryResult>;
  close?(): Promise<void>;
}
