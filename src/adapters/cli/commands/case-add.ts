// `certbell case add`: a new case with its organisation and contact.
import { addCase } from '../../../app/add-case.js';
import { headerFromFields } from '../../../app/validate-case.js';
import { refusal } from '../context.js';
import type { CommandRegistration } from '../context.js';

export const caseAdd: CommandRegistration = (parent, { tr, io, actor, openCore }) => {
  parent
    .command('add')
    .description(tr.t('cli.help.caseAdd'))
    .requiredOption('--ref <ref>', tr.t('cli.help.ref'))
    .requiredOption('--scheme <scheme>', tr.t('cli.help.scheme'))
    .requiredOption('--org <name>', tr.t('cli.help.org'))
    .option('--province <province>', tr.t('cli.help.province'))
    .option('--service-type <type>', tr.t('cli.help.serviceType'))
    .requiredOption('--level <level>', tr.t('cli.help.level'))
    .option('--contact-name <name>', tr.t('cli.help.contactName'))
    .option('--email <email>', tr.t('cli.help.email'))
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
