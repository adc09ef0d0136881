// `certbell case show`: stage, next step, history and open obligations of one case.
import { showCase } from '../../../app/show-case.js';
import { caseJson, caseText } from '../render.js';
import { dateOption, refusal, subcommand } from '../context.js';
import type { CommandRegistration } from '../context.js';

export const caseShow: CommandRegistration = (parent, { tr, io, openCore }) => {
  subcommand(parent, tr, 'show <ref>', 'caseShow', ['--as-of <date>', '--json'])
    .action(async (ref: string, o: { asOf?: string; json?: boolean }) => {
      const asOf = o.asOf === undefined ? undefined : dateOption(o.asOf, tr);
      const { deps } = await openCore();
      const result = await showCase(deps, ref, asOf);
      if (!result.ok) throw refusal(result.error, tr);
      await io.out(o.json ? caseJson(result.value, tr) : caseText(result.value, deps.calendar, tr));
    });
};
