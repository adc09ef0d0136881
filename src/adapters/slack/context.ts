// What every Slack listener shares: the use cases' dependencies, the staff check, the staff's
// language, and small helpers to answer the person who clicked.
import type { webApi } from '@slack/bolt';
import type { EscalationDeps } from '../../app/escalation-ports.js';
import type { InviteDeps } from '../../app/invite-contact.js';
import type { DomainError } from '../../domain/result.js';
import type { MessageKey, Translator } from '../i18n/translator.js';
import { escapedValues, mention } from './blocks.js';
import type { EscalationLook } from './blocks.js';
import type { StaffAccess } from './staff-access.js';
import { errorMessage } from '../../app/errors.js';
import type { Logger } from '../../app/logger.js';

export interface SlackDeps {
  readonly escalation: EscalationDeps;
  /** Invitations to the Telegram assistant; null when Telegram is not configured. */
  readonly invite: InviteDeps | null;
}

export interface ListenerContext {
  readonly deps: SlackDeps;
  readonly access: StaffAccess;
  /** The staff's language (CERTBELL_STAFF_LOCALE). */
  readonly tr: Translator;
  /** The operator's language, for log lines. */
  readonly logTr: Translator;
  readonly look: EscalationLook;
  readonly log: Logger;
}

export type Client = InstanceType<typeof webApi.WebClient>;

/** How a Slack user is named in the audit log and on escalations. */
export function actorOf(userId: string): string {
  return `slack:${userId}`;
}

/** A refusal in the staff's words: certbell's own codes first, then the invitation's, then the shared domain errors; never a raw key. */
export function errorText(tr: Translator, error: DomainError): string {
  // The params echo what was typed (a ref, a date): shown as text, never as mentions or links. The
  // one exception is who acknowledged, recorded as "slack:U…": shown as the mention of that person.
  const by = typeof error.params.by === 'string' && error.params.by.startsWith('slack:') ? { by: mention(error.params.by) } : {};
  const params = { ...escapedValues(error.params), ...by };
  const invite: MessageKey[] = error.code.startsWith('invite/') ? [`invite.error.${error.code.slice('invite/'.length)}`] : [];
  const keys: MessageKey[] = [`slack.error.${error.code}`, ...invite, `error.${error.code}`];
  for (const key of keys) {
    const text = tr.t(key, params);
    if (text !== key) return text;
  }
  return tr.t('slack.failed');
}

/** Tells only the person who acted; a failure to tell is logged, not thrown (the action stands). */
export async function tellUser(ctx: ListenerContext, client: Client, channelId: string | null | undefined, userId: string, text: string): Promise<void> {
  if (!channelId) return;
  try {
    await client.chat.postEphemeral({ channel: channelId, user: userId, text });
  } catch (error) {
    ctx.log.warn({ channelId, userId, reason: errorMessage(error) }, ctx.logTr.t('slack.log.ephemeralFailed'));
  }
}

/** Everyone who is not staff is refused in words, and the attempt is logged with who and what. */
export async function refuse(ctx: ListenerContext, client: Client, channelId: string | null | undefined, userId: string, what: string): Promise<void> {
  ctx.log.warn({ userId, what }, ctx.logTr.t('slack.log.refused', { userId, what }));
  await tellUser(ctx, client, channelId, userId, ctx.tr.t('slack.refused'));
}
