// The dry run of an import (`certbell import FILE --dry-run`): what the file would do to each case,
// and every problem, without writing. The JSON form is the one the web console's preview shows.
import type { CaseOutcome, ImportPreview } from '../../app/import-cases.js';
import type { Translator } from '../i18n/translator.js';
import { problemsText } from './render.js';

const where = (o: CaseOutcome) => o.source.line ?? o.source.path ?? '';

export function previewJson(preview: ImportPreview, tr: Translator) {
  return {
    ok: preview.problems.length === 0,
    outcomes: preview.outcomes.map((o) => ({ ...o, source: o.source })),
    problems: preview.problems.map((p) => ({ ...p, message: tr.error(p.error) })),
  };
}

export function previewText(file: string, preview: ImportPreview, tr: Translator): string {
  const count = (kind: CaseOutcome['kind']) => preview.outcomes.filter((o) => o.kind === kind).length;
  const lines = [tr.t('cli.preview.summary', { file, created: count('created'), extended: count('extended'), changed: count('changed'), unchanged: count('unchanged') })];
  for (const o of preview.outcomes) {
    if (o.kind === 'extended') {
      const events = o.newEvents.map((e) => `${tr.t(`event.${e.type}`)} ${e.date}`).concat(o.newContacts);
      lines.push(`  ${tr.t('cli.preview.extended', { ref: o.ref, where: where(o), what: events.join(', ') })}`);
    } else if (o.kind === 'changed') {
      for (const d of o.differences) {
        lines.push(`  ${tr.t('cli.preview.changed', { ref: o.ref, where: where(o), field: tr.t(`import.field.${d.field}`), stored: d.stored, value: d.value })}`);
      }
    }
  }
  if (preview.problems.length) lines.push(problemsText(preview.problems, tr));
  return lines.join('\n');
}
