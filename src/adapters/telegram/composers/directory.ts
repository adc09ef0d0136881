// Public information anyone may have: whom to contact (CN-17) and the schemes' stages.
import { Composer } from 'telegraf';
import { answer } from '../answers.js';
import type { AssistantContext, AssistantKit } from '../context.js';

export function directoryComposer(kit: AssistantKit): Composer<AssistantContext> {
  const composer = new Composer<AssistantContext>();
  composer.command('contact', (ctx) => answer(kit, ctx, 'contact'));
  composer.command('stages', (ctx) => answer(kit, ctx, 'stages'));
  composer.help((ctx) => answer(kit, ctx, 'help'));
  return composer;
}
