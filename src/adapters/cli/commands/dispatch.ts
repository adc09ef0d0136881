// `certbell dispatch`: sends what the outbox has due, once.
import { dispatchOutbox } from '../../../app/dispatch-outbox.js';
import type { CommandRegistration } from '../context.js';

export const dispatch: CommandRegistration = (parent, { tr, io, open }) => {
  parent
    .command('dispatch')
    .description(tr.t('cli.help.dispatch'))
    .action(async () => {
      const { reminders, instance } = await open();
      await io.out(tr.t('cli.dispatch.done', { ...(await dispatchOutbox(reminders, `cli-${instance}`)) }));
    });
};
