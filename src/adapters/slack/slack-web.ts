// Posting and updating escalation messages through Slack's Web API. The outbox's channel must see a
// 429 itself (to obey Retry-After with the row's own schedule), so its client rejects rate-limited
// calls instead of sleeping in the library; updates of an existing message are not queued, so their
// client lets the library wait out a short Retry-After.
import { webApi } from '@slack/bolt';
import type { DeliveryChannel, DeliveryPolicy, DeliveryResult, MessageContent, OutgoingMessage } from '../../app/delivery.js';
import type { EscalationBoard } from '../../app/escalation-ports.js';
import { slackLimits } from '../../app/rate-limiter.js';
import { errorMessage } from '../../app/errors.js';
import type { Logger } from '../../app/logger.js';

export interface SlackWebOptions {
  readonly token: string;
  /** The Web API base URL, ending in "/" (a local fake in tests). Default https://slack.com/api/. */
  readonly apiUrl?: string;
  readonly timeoutMs?: number;
}

/** Slack refuses text over 40,000 characters; the blocks carry the message, the text is the notification. */
const TEXT_LIMIT = 3_000;

export function slackWebClient(options: SlackWebOptions, rejectRateLimitedCalls: boolean): InstanceType<typeof webApi.WebClient> {
  return new webApi.WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    rejectRateLimitedCalls,
    // The outbox retries with its own back-off; a second layer of retries would only hide failures.
    retryConfig: { retries: rejectRateLimitedCalls ? 0 : 2, factor: 1, minTimeout: 100, maxTimeout: 1_000 },
    timeout: options.timeoutMs ?? 30_000,
    logLevel: webApi.LogLevel.ERROR,
  });
}

/** Errors that mean this message can never be posted where it is addressed; anything else may pass. */
const permanent = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'msg_too_long', 'invalid_blocks', 'invalid_blocks_format', 'no_text', 'restricted_action', 'cannot_reply_to_message']);
/** Our configuration, not the message: rejecting would drop every escalation until someone fixes the token. */
const configuration = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'missing_scope', 'no_permission']);

export function classifySlackError(error: unknown): Exclude<DeliveryResult, { kind: 'sent' }> {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number; message?: string };
  switch (e?.code) {
    case webApi.ErrorCode.RateLimitedError:
      return { kind: 'retry', afterMs: (e.retryAfter ?? 1) * 1000, reason: `Slack rate limit (Retry-After ${e.retryAfter ?? '?'} s)` };
    case webApi.ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      if (permanent.has(code)) return { kind: 'rejected', reason: `Slack refused the message: ${code}` };
      if (configuration.has(code)) return { kind: 'retry', reason: `Slack refused the bot token: ${code}; check SLACK_BOT_TOKEN and the app's scopes` };
      return { kind: 'retry', reason: `Slack answered ${code}` };
    }
    case webApi.ErrorCode.HTTPError:
      return { kind: 'retry', reason: `Slack answered HTTP ${e.statusCode ?? '?'}` };
    case webApi.ErrorCode.RequestError:
      return { kind: 'retry', reason: `Slack unreachable: ${e.message ?? ''}` };
    default:
      throw error;
  }
}

function payload(content: MessageContent): { text: string; blocks?: webApi.KnownBlock[] } {
  const text = content.text.length > TEXT_LIMIT ? `${content.text.slice(0, TEXT_LIMIT - 1)}…` : content.text;
  return { text, ...(content.blocks ? { blocks: content.blocks as webApi.KnownBlock[] } : {}) };
}

/** About one post a second to a channel: a burst of escalations waits its turn. Staff only: no contact is reached here. */
export const slackPolicy: DeliveryPolicy = { rate: slackLimits };

/** The outbox's Slack channel: posts to the channel id in the row's address; providerId is "channel:ts". */
export function createSlackDelivery(options: SlackWebOptions): DeliveryChannel {
  if (options.token.trim() === '') throw new Error('Slack delivery needs a bot token');
  const client = slackWebClient(options, true);
  return {
    id: 'slack',
    policy: slackPolicy,
    async send(message: OutgoingMessage): Promise<DeliveryResult> {
      try {
        const answer = await client.chat.postMessage({ channel: message.address, ...payload(message), unfurl_links: false });
        return { kind: 'sent', providerId: `${answer.channel ?? message.address}:${answer.ts ?? ''}` };
      } catch (error) {
        return classifySlackError(error);
      }
    },
  };
}

/** Replaces a posted message in place (chat.update); a failure is logged, never thrown. */
export function createSlackBoard(options: SlackWebOptions, log: Logger, failedMessage: string): EscalationBoard {
  const client = slackWebClient(options, false);
  return {
    async update(channelId, messageTs, content) {
      try {
        await client.chat.update({ channel: channelId, ts: messageTs, ...payload(content) });
        return true;
      } catch (error) {
        let reason: string;
        try {
          reason = classifySlackError(error).reason;
        } catch {
          reason = errorMessage(error);
        }
        log.warn({ channelId, messageTs, reason }, failedMessage);
        return false;
      }
    },
  };
}
