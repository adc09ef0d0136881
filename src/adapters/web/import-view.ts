// What the import pages show: the upload form, the dry run (the same outcomes and problems as
// `certbell import --dry-run`: new cases, extended histories, changes, and each problem with its
// place and reason), and what an applied import did. Long lists stop at a limit and say how many more.
import type { CaseOutcome, ImportPreview, ImportProblem, ImportSummary } from '../../app/import-cases.js';
import type { Translator } from '../i18n/translator.js';
import type { Staff } from './context.js';
import { html } from './html.js';
import type { Html } from './html.js';
import { csrfInput } from './layout.js';

/** Rows listed per table; a register-sized file is summed up, not printed whole. */
const SHOWN_ROWS = 200;

export const MAX_UPLOAD_MB = 20;

function whereOf(tr: Translator, source: { readonly line?: number; readonly path?: string }): string {
  return source.line !== undefined ? tr.t('web.import.line', { line: source.line }) : (source.path ?? '');
}

function more(tr: Translator, total: number): Html {
  return total > SHOWN_ROWS ? html`<p class="muted">${tr.t('web.import.more', { count: total - SHOWN_ROWS })}</p>` : html``;
}

export function uploadForm(staff: Staff, error: string | null): Html {
  const { tr } = staff;
  return html`<h1>${tr.t('web.import.title')}</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<p>${tr.t('web.import.intro', { mb: MAX_UPLOAD_MB })}</p>
<form class="panel stack" method="post" action="/import" enctype="multipart/form-data">${csrfInput(staff.viewer)}
<label>${tr.t('web.import.file')}<input type="file" name="file" accept=".csv,.xlsx,.json" required></label>
<label class="choice"><input type="checkbox" name="applyChanges" value="yes"> ${tr.t('web.import.applyChanges')}</label>
<p class="muted">${tr.t('web.import.applyChangesHint')}</p>
<button type="submit">${tr.t('web.import.check')}</button>
</form>`;
}

function problemRows(tr: Translator, problems: readonly ImportProblem[]): Html {
  return html`<section class="panel" aria-labelledby="problems"><h2 id="problems" class="overdue">${tr.t('web.import.problems', { count: problems.length })}</h2>
<table class="rows-as-cards"><thead><tr><th scope="col">${tr.t('web.import.where')}</th><th scope="col">${tr.t('web.col.case')}</th><th scope="col">${tr.t('web.import.field')}</th><th scope="col">${tr.t('web.import.reason')}</th></tr></thead>
<tbody>${problems.slice(0, SHOWN_ROWS).map((p) => html`<tr><td>${whereOf(tr, p.source)}</td><td>${p.ref ?? '—'}</td><td>${p.field ?? '—'}</td><td>${tr.error(p.error)}</td></tr>`)}</tbody></table>${more(tr, problems.length)}</section>`;
}

function outcomeRows(tr: Translator, kind: 'created' | 'extended' | 'changed', outcomes: readonly CaseOutcome[]): Html {
  const of = outcomes.filter((o) => o.kind === kind);
  if (!of.length) return html``;
  const what = (o: CaseOutcome): Html => {
    if (o.kind === 'created') return html`${tr.t('web.import.events', { count: o.events.length })}`;
    if (o.kind === 'extended') return html`${o.newEvents.map((e) => `${tr.t(`event.${e.type}`)} ${e.date}`).concat(o.newContacts).join(', ')}`;
    if (o.kind === 'changed') {
      return html`${o.differences.map((d) => html`<span>${tr.t('web.import.difference', { field: tr.t(`import.field.${d.field}`), stored: d.stored, value: d.value })}</span><br>`)}`;
    }
    return html``;
  };
  return html`<section class="panel" aria-labelledby="o-${kind}"><h2 id="o-${kind}">${tr.t(`web.import.outcome.${kind}`, { count: of.length })}</h2>
<table class="rows-as-cards"><thead><tr><th scope="col">${tr.t('web.col.case')}</th><th scope="col">${tr.t('web.import.where')}</th><th scope="col">${tr.t('web.import.what')}</th></tr></thead>
<tbody>${of.slice(0, SHOWN_ROWS).map((o) => html`<tr><td>${o.ref}</td><td>${whereOf(tr, o.source)}</td><td>${what(o)}</td></tr>`)}</tbody></table>${more(tr, of.length)}</section>`;
}

export function previewBody(staff: Staff, file: string, preview: ImportPreview, upload: { readonly id: string; readonly applyChanges: boolean } | null): Html {
  const { tr } = staff;
  const count = (kind: CaseOutcome['kind']) => preview.outcomes.filter((o) => o.kind === kind).length;
  const counts = { file, created: count('created'), extended: count('extended'), changed: count('changed'), unchanged: count('unchanged') };
  return html`<h1>${tr.t('web.import.previewTitle', { file })}</h1>
<p class="notice" role="status">${tr.t('web.import.summary', counts)}</p>
${preview.problems.length ? html`<p class="error" role="alert">${tr.t('web.import.refused', { count: preview.problems.length })}</p>${problemRows(tr, preview.problems)}` : ''}
${preview.problems.some((p) => p.error.code === 'import/differs') ? html`<p class="notice">${tr.t('web.import.differsHint')}</p>` : ''}
${outcomeRows(tr, 'created', preview.outcomes)}
${outcomeRows(tr, 'extended', preview.outcomes)}
${outcomeRows(tr, 'changed', preview.outcomes)}
${
  upload
    ? html`<form class="panel stack" method="post" action="/import/apply">${csrfInput(staff.viewer)}<input type="hidden" name="upload" value="${upload.id}">
<p>${tr.t(upload.applyChanges ? 'web.import.applyWithChanges' : 'web.import.applyHint')}</p>
<button type="submit">${tr.t('web.import.apply')}</button></form>`
    : ''
}
<p><a href="/import">${tr.t('web.import.another')}</a></p>`;
}

export function appliedBody(tr: Translator, file: string, summary: ImportSummary): Html {
  const vars = { file, created: summary.created.length, extended: summary.extended.length, changed: summary.changed.length, unchanged: summary.unchanged.length };
  return html`<h1>${tr.t('web.import.doneTitle')}</h1>
<p class="notice" role="status">${tr.t('web.import.done', vars)}</p>
<p><a href="/cases">${tr.t('web.import.toCases')}</a> · <a href="/import">${tr.t('web.import.another')}</a></p>`;
}

export function failedBody(staff: Staff, problems: readonly ImportProblem[]): Html {
  const { tr } = staff;
  return html`<h1>${tr.t('web.import.title')}</h1><p class="error" role="alert">${tr.t('web.import.notApplied', { count: problems.length })}</p>${problemRows(tr, problems)}<p><a href="/import">${tr.t('web.import.another')}</a></p>`;
}
