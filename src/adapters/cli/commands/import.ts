// `certbell import`: a JSON file of cases or a CSV certificate register, imported whole or not at all.
import { resolve } from 'node:path';
import { importCases } from '../../../app/import-cases.js';
import { readImportFile } from '../../import/read-import-file.js';
import { problemsText } from '../render.js';
import { Refused, refusal } from '../context.js';
import type { CommandRegistration } from '../context.js';

export const importFile: CommandRegistration = (parent, { tr, io, actor, open }) => {
  parent
    .command('import <file>')
    .description(tr.t('cli.help.import'))
    .option('--json', tr.t('cli.help.json'))
    .action(async (file: string, o: { json?: boolean }) => {
      const read = await readImportFile(resolve(file));
      if (!read.ok) throw refusal(read.error, tr);
      const { deps } = await open();
      const result = await importCases(deps, read.items, actor);
      if (!result.ok) {
        if (o.json) {
          await io.out(JSON.stringify({ ok: false, problems: result.problems.map((p) => ({ ...p, message: tr.error(p.error) })) }, null, 2));
          throw new Refused('');
        }
        throw new Refused(problemsText(result.problems, tr));
      }
      const s = result.value;
      await io.out(
        o.json
          ? JSON.stringify({ ok: true, ...s })
          : tr.t('cli.imported', { file, created: s.created.length, extended: s.extended.length, unchanged: s.unchanged.length }),
      );
    });
};
