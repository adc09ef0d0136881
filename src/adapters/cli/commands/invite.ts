// `certbell invite <ref> --email …` and `certbell invite revoke`: invitations to the Telegram assistant.
import type { Command } from 'commander';
import { CommanderError } from 'commander';
import { inviteContact, revokeInvitations } from '../../../app/invite-contact.js';
import { inviteErrorText, localTime } from '../../i18n/invite-messages.js';
import { Refused, subcommand } from '../context.js';
import type { CliContext } from '../context.js';

/** The `invite` command itself; `invite revoke` hangs under the command this returns. */
export function invite(parent: Command, { tr, io, actor, zone, open }: CliContext): Command {
  const command = subcommand(parent, tr, 'invite', 'invite', ['--email <email>', '--json'], { email: 'inviteEmail' })
    .argument('[ref]', tr.t('cli.help.ref'))
    .action(async (ref: string | undefined, o: { email?: string; json?: boolean }) => {
      if (!ref || !o.email) {
        command.outputHelp({ error: true });
        throw new CommanderError(2, 'certbell.invite', '');
      }
      const runtime = await open();
      await runtime.resolveBotUsername();
      const result = await inviteContact(runtime.invite, { caseRef: ref, email: o.email, actor });
      if (!result.ok) throw new Refused(inviteErrorText(tr, result.error));
      const { link, expiresAt, contactName } = result.value;
      await io.out(
        o.json
          ? JSON.stringify({ ref, email: o.email.trim().toLowerCase(), contactName, link, expiresAt: expiresAt.toISOString() })
          : tr.t('invite.created', { name: contactName, email: o.email.trim().toLowerCase(), ref, link, expiresAt: localTime(expiresAt, zone) }),
      );
    });
  return command;
}

export function inviteRevoke(parent: Command, { tr, io, actor, open }: CliContext): void {
  subcommand(parent, tr, 'revoke', 'inviteRevoke', ['--email <email>', '--case <ref>', '--json'], { email: 'inviteRevokeEmail', case: 'inviteRevokeCase' })
    .action(async (_own: unknown, command: Command) => {
      // `invite revoke --email …`: commander hands --email to `invite`, which declares it too.
      const o = command.optsWithGlobals<{ email?: string; case?: string; json?: boolean }>();
      const { invite: deps } = await open();
      const result = await revokeInvitations(deps, { ...(o.case ? { caseRef: o.case } : {}), ...(o.email ? { email: o.email } : {}), actor });
      if (!result.ok) throw new Refused(inviteErrorText(tr, result.error));
      await io.out(o.json ? JSON.stringify(result.value) : tr.t('invite.revoked', result.value));
    });
}
