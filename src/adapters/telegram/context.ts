// What every handler of the assistant has at hand.
import type { Context } from 'telegraf';
import type { AttemptLimiter } from '../../app/attempt-limiter.js';
import type { AssistantDeps } from '../../app/answer-applicant.js';
import type { Translator } from '../i18n/translator.js';
import type { ExtraReplyMessage } from './chat-sender.js';

export interface AssistantContext extends Context {
  /** The chat's language: its /lang choice, else Telegram's language_code (zh for zh-*). */
  tr: Translator;
  /** The private chat's id as text (the key of its bindings). */
  chatKey: string;
  /** Set once the callback query of this update was answered. */
  callbackAnswered?: boolean;
}

export interface AssistantKit {
  readonly deps: AssistantDeps;
  readonly tokenLimiter: AttemptLimiter;
  reply(ctx: AssistantContext, text: string, extra?: ExtraReplyMessage): Promise<void>;
  /** Answers the update's button press (a toast when `text` is given); once, never throws. */
  answerCallback(ctx: AssistantContext, text?: string): Promise<void>;
}
