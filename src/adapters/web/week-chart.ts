// The Today page's chart, drawn here as SVG: obligations falling due per week for the next six
// months, stacked by kind. Each segment links to the list of cases behind it: that kind, that week.
import type { WeekColumn } from '../../app/console/show-today.js';
import { addDays, maxDate } from '../../domain/calendar/calendar-date.js';
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { ObligationKind } from '../../domain/case.js';
import { obligationKinds } from '../../domain/schemes/registry.js';
import type { Translator } from '../i18n/translator.js';
import { escapeHtml, html, queryOf, trusted } from './html.js';
import type { Html } from './html.js';

/** Colours distinguishable and dark enough against white for text beside a swatch, given to the kinds in the registry's order. */
const PALETTE = ['#1f5fbf', '#7a3db8', '#c2410c', '#0f766e', '#b91c1c', '#4d7c0f', '#a16207', '#475569', '#be185d', '#0e7490', '#6d28d9', '#9a3412'];
export const KINDS: readonly ObligationKind[] = obligationKinds();
export const KIND_COLOURS: Readonly<Record<ObligationKind, string>> = Object.fromEntries(KINDS.map((k, i) => [k, PALETTE[i % PALETTE.length] ?? '#475569']));

const WIDTH = 960;
const HEIGHT = 260;
const LEFT = 40;
const BOTTOM = 28;
const TOP = 10;

/** asOf: the chart counts from today, so this week's links start today, not on its Monday. */
export function weekChart(tr: Translator, weeks: readonly WeekColumn[], asOf: IsoDate): Html {
  const max = Math.max(1, ...weeks.map((w) => w.total));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT - 8) / Math.max(1, weeks.length);
  const barWidth = Math.max(4, slot * 0.7);
  const y = (n: number) => TOP + plotHeight - (n / top) * plotHeight;
  const parts: string[] = [];
  for (let v = 0; v <= top; v += step) {
    parts.push(`<line x1="${LEFT}" x2="${WIDTH - 4}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#d5dbe3" stroke-width="1"/>`);
    parts.push(`<text x="${LEFT - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#5b6573">${v}</text>`);
  }
  weeks.forEach((week, i) => {
    const x = LEFT + i * slot + (slot - barWidth) / 2;
    let base = 0;
    const from = maxDate(week.weekOf, asOf);
    const to = addDays(week.weekOf, 6);
    for (const kind of KINDS) {
      const n = week.counts[kind] ?? 0;
      if (!n) continue;
      const label = escapeHtml(tr.t('web.today.weekSegment', { from, to, count: n, kind: tr.t(`kind.${kind}`) }));
      const href = escapeHtml(`/cases${queryOf({ dueFrom: from, dueTo: to, kind })}`);
      parts.push(
        `<a href="${href}" aria-label="${label}"><title>${label}</title><rect x="${x.toFixed(1)}" y="${y(base + n).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(y(base) - y(base + n)).toFixed(1)}" fill="${KIND_COLOURS[kind]}"/></a>`,
      );
      base += n;
    }
    // A month's first week is labelled with the month.
    if (i === 0 || week.weekOf.slice(5, 7) !== weeks[i - 1]?.weekOf.slice(5, 7)) {
      parts.push(`<text x="${(x + barWidth / 2).toFixed(1)}" y="${HEIGHT - 8}" text-anchor="middle" font-size="11" fill="#5b6573">${escapeHtml(tr.t('web.today.monthTick', { month: Number(week.weekOf.slice(5, 7)), year: week.weekOf.slice(0, 4) }))}</text>`);
    }
  });
  const title = tr.t('web.today.chartTitle');
  return html`<figure class="panel">
<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="group" aria-labelledby="chart-title">
<title id="chart-title">${title}</title>
${trusted(parts.join('\n'))}
</svg>
<figcaption><ul class="legend">${KINDS.map((k) => html`<li><svg class="swatch" viewBox="0 0 12 12" aria-hidden="true"><rect width="12" height="12" fill="${KIND_COLOURS[k]}"/></svg>${tr.t(`kind.${k}`)}</li>`)}</ul></figcaption>
</figure>`;
}

function niceStep(max: number): number {
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= rough) return Math.max(1, m * magnitude);
  return Math.max(1, 10 * magnitude);
}
