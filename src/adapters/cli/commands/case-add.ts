// `certbell case add`: a new case with its organisation and contact.
import { addCase } from '../../../app/add-case.js';
import { headerFromFields } from '../../../app/validate-case.js';
import { refusal, subcommand } from '../context.js';
import type { CommandRegistration } from '../context.js';

export const caseAdd: CommandRegistration = (parent, { tr, io, actor, openCore }) => {
  subcommand(parent, tr, 'add', 'caseAdd', [
    '--ref <ref>!', '--scheme <scheme>!', '--org <name>!', '--province <province>', '--service-type <type>',
    '--level <level>!', '--contact-name <name>', '--email <email>',
  ])
    .option('--locale <locale>', tr.t('cli.help.locale'), 'zh-CN')
    .option('--json', tr.t('cli.help.json'))
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const { deps } = await openCore();
      const result = await addCase(deps, headerFromFields({ ...o, organization: o.org }), actor);
      if (!result.ok) throw refusal(result.error, tr);
      const c = result.value;
      await io.out(o.json ? JSON.stringify({ ref: c.ref, scheme: c.scheme, level: c.level, stage: c.state.stage }) : tr.t('cli.caseAdded', { ref: c.ref, scheme: c.scheme, level: c.level }));
    });
};
