// `certbell contact resubscribe EMAIL`: a contact who unsubscribed from digests gets them again
// (every contact with the address, one per organisation).
import { resubscribeByEmail } from '../../../app/unsubscribe-digests.js';
import { Refused } from '../context.js';
import type { CommandRegistration } from '../context.js';

export const contactResubscribe: CommandRegistration = (parent, { tr, io, open }) => {
  parent
    .command('resubscribe')
    .description(tr.t('cli.help.contactResubscribe'))
    .argument('<email>', tr.t('cli.help.contactEmail'))
    .action(async (email: string) => {
      const { digests, deps } = await open();
      const contacts = await resubscribeByEmail({ digests: digests.digests, clock: deps.clock }, email);
      if (!contacts.length) throw new Refused(tr.t('digest.cli.unknownContact', { email: email.trim().toLowerCase() }));
      const lines = [tr.t('cli.contact.resubscribed', { email: contacts[0]!.email, count: contacts.length, organizations: contacts.map((c) => c.organization).join(', ') })];
      for (const c of contacts.filter((k) => k.emailRejectedAt)) {
        lines.push(tr.t('digest.cli.rejected', { at: c.emailRejectedAt!.toISOString(), reason: c.emailRejectedReason ?? '' }));
      }
      await io.out(lines.join('\n'));
    });
};
