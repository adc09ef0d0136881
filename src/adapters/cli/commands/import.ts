// `certbell import`: a JSON file of cases, or a certificate register (.csv in UTF-8, UTF-16 or
// GB18030, or .xlsx), imported whole or not at all; `--dry-run` says what it would do.
import { resolve } from 'node:path';
import { problemsText } from '../render.js';
import { Refused, refusal, subcommand } from '../context.js';
import type { CommandRegistration } from '../context.js';
import { keepHeapTight } from '../../tight-heap.js';

export const importFile: CommandRegistration = (parent, { tr, io, actor, openCore, openEscalations }) => {
  subcommand(parent, tr, 'import <file>', 'import', ['--json', '--dry-run', '--apply-changes'], { dryRun: 'importDryRun', applyChanges: 'importApplyChanges' })
    .action(async (file: string, o: { json?: boolean; dryRun?: boolean; applyChanges?: boolean }) => {
      // Loaded here, not at start-up: the readers (exceljs alone is ~700 modules) cost every other command.
      const [{ importCases, previewImport }, { settleCases }, { openImportFile }, { previewJson, previewText }, { importProgress }] = await Promise.all([
        import('../../../app/import-cases.js'),
        import('../../../app/record-event.js'),
        import('../../import/read-import-file.js'),
        import('../import-preview.js'),
        import('../import-progress.js'),
      ]);
      const opened = await openImportFile(resolve(file));
      if (!opened.ok) throw refusal(opened.error, tr);
      keepHeapTight();
      const { deps } = await openCore();
      const progress = io.progress ? importProgress(io.progress, tr) : null;
      const options = { actor, applyChanges: o.applyChanges ?? false, ...(progress ? { onProgress: progress.update } : {}) };
      if (o.dryRun) {
        const preview = await previewImport(deps, opened.value, options).finally(() => progress?.stop());
        await io.out(o.json ? JSON.stringify(previewJson(preview, tr), null, 2) : previewText(file, preview, tr));
        if (preview.problems.length) throw new Refused('');
        return;
      }
      const result = await importCases(deps, opened.value, options).finally(() => progress?.stop());
      if (!result.ok) {
        if (o.json) {
          await io.out(JSON.stringify({ ok: false, problems: result.error.map((p) => ({ ...p, message: tr.error(p.error) })) }, null, 2));
          throw new Refused('');
        }
        throw new Refused(problemsText(result.error, tr));
      }
      const s = result.value;
      // New events on stored cases may have met what their escalations were about: resolved now, as
      // when an event is recorded (only then is Slack loaded).
      const settled = [...s.extended, ...s.changed];
      if (settled.length) await settleCases({ escalations: await openEscalations() }, settled);
      await io.out(
        o.json
          ? JSON.stringify({ ok: true, ...s })
          : tr.t('cli.imported', { file, created: s.created.length, extended: s.extended.length, changed: s.changed.length, unchanged: s.unchanged.length }),
      );
    });
};
