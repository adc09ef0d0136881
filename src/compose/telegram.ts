// The applicants' assistant in Telegram, started by the service when a bot token is set.
import type { Translator } from '../adapters/i18n/translator.js';
import { startAssistant } from '../adapters/telegram/bot.js';
import type { RunningAssistant } from '../adapters/telegram/bot.js';
import type { Config } from '../config/index.js';
import type { Runtime } from './runtime.js';
import { errorMessage } from '../app/errors.js';
import type { Logger } from '../app/logger.js';

/** The applicants' assistant, when a bot token is set. Reminders still go out if it cannot start. */
export async function startTelegramAssistant(config: Config, runtime: Runtime, log: Logger, tr: Translator): Promise<RunningAssistant | null> {
  const token = config.secrets.telegramToken;
  if (!token) return null;
  const { telegram } = config;
  try {
    const assistant = await startAssistant({
      token,
      apiRoot: config.secrets.telegramApiRoot,
      deps: runtime.assistant,
      // One bot token, one set of Telegram limits: answers and reminders share the pacing.
      limiter: runtime.reminders.limiters.get('telegram'),
      receipts: runtime.stores.receipts,
      log,
      logTranslator: tr,
      mode: telegram.mode,
      ...(telegram.mode === 'webhook' && telegram.webhookUrl && config.secrets.telegramWebhookSecret
        ? { webhook: { url: telegram.webhookUrl, secret: config.secrets.telegramWebhookSecret, host: telegram.webhookHost, port: telegram.webhookPort } }
        : {}),
    });
    await runtime.resolveBotUsername();
    log.info({ channel: 'Telegram', mode: telegram.mode }, tr.t('telegram.log.started', { username: assistant.username, mode: telegram.mode }));
    return assistant;
  } catch (error) {
    const reason = errorMessage(error).split(token).join('[token]');
    log.error({ channel: 'Telegram' }, tr.t('telegram.log.failedToStart', { reason }));
    return null;
  }
}
