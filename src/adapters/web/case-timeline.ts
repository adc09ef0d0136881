// The case page's picture, drawn here as SVG: the recorded events as points on a time axis, each
// open obligation as a bar from the day it opens (or is shown) to the day it is due, and today as a
// line. Overdue bars are red. The tables below the picture say the same in text.
import { addDays, addMonths, compareDates, daysBetween, maxDate, minDate } from '../../domain/calendar/calendar-date.js';
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { ObligationKind } from '../../domain/case.js';
import type { Translator } from '../i18n/translator.js';
import { escapeHtml, html, trusted } from './html.js';
import type { Html } from './html.js';

export interface TimelineInput {
  readonly ref: string;
  readonly organization: string;
  readonly asOf: IsoDate;
  readonly events: readonly { readonly date: IsoDate; readonly type: string }[];
  readonly obligations: readonly {
    readonly kind: ObligationKind;
    /** The day its window opens or it is first shown; null when the rule gives neither (drawn at its due day). */
    readonly from: IsoDate | null;
    readonly dueOn: IsoDate;
    readonly overdue: boolean;
  }[];
}

export const TIMELINE = { width: 960, left: 190, right: 24, top: 36, row: 28, axis: 34 } as const;
const OVERDUE_FILL = '#b3261e';
/** Not red, whatever the kind: red means overdue here. */
const OPEN_FILL = '#1f5fbf';
/** A bar no wider than this is still seen (an obligation due the day it opens). */
const MIN_BAR = 6;

export interface TimelineScale {
  readonly start: IsoDate;
  readonly end: IsoDate;
  x(day: IsoDate): number;
}

/** The days shown: every date drawn and today, with a margin either side. */
export function timelineScale(input: TimelineInput): TimelineScale {
  const days = [input.asOf, ...input.events.map((e) => e.date), ...input.obligations.flatMap((o) => (o.from ? [o.from, o.dueOn] : [o.dueOn]))];
  const first = minDate(...days);
  const last = maxDate(...days);
  const margin = Math.max(7, Math.round(daysBetween(first, last) * 0.03));
  const start = addDays(first, -margin);
  const end = addDays(last, margin);
  const span = daysBetween(start, end);
  const plot = TIMELINE.width - TIMELINE.left - TIMELINE.right;
  return { start, end, x: (day) => TIMELINE.left + (daysBetween(start, day) / span) * plot };
}

/** Month ticks, spaced so that no more than eight are labelled. */
function ticks(scale: TimelineScale): IsoDate[] {
  const months = Math.max(1, daysBetween(scale.start, scale.end) / 30.4);
  const step = [1, 2, 3, 6, 12, 24, 60].find((s) => months / s <= 8) ?? 120;
  const out: IsoDate[] = [];
  let tick = addMonths(`${scale.start.slice(0, 7)}-01`, 1);
  while (Number(tick.slice(5, 7)) % step !== 1 % step && step <= 12) tick = addMonths(tick, 1);
  for (; compareDates(tick, scale.end) <= 0; tick = addMonths(tick, step)) out.push(tick);
  return out;
}

const f = (n: number) => n.toFixed(1);

export function caseTimeline(tr: Translator, input: TimelineInput): Html {
  const scale = timelineScale(input);
  const height = TIMELINE.top + TIMELINE.row * (1 + input.obligations.length) + TIMELINE.axis;
  const axisY = height - TIMELINE.axis + 6;
  const rowY = (i: number) => TIMELINE.top + TIMELINE.row * i;
  const label = (y: number, text: string) => `<text x="${TIMELINE.left - 8}" y="${f(y + 4)}" text-anchor="end" font-size="13" fill="#1d232b">${escapeHtml(text)}</text>`;
  const parts: string[] = [];
  for (const tick of ticks(scale)) {
    const x = f(scale.x(tick));
    parts.push(`<line x1="${x}" x2="${x}" y1="${TIMELINE.top - 14}" y2="${axisY}" stroke="#e3e7ec" stroke-width="1"/>`);
    parts.push(`<text x="${x}" y="${axisY + 18}" text-anchor="middle" font-size="12" fill="#5b6573">${tick.slice(0, 7)}</text>`);
  }
  parts.push(`<line x1="${TIMELINE.left}" x2="${TIMELINE.width - TIMELINE.right}" y1="${axisY}" y2="${axisY}" stroke="#8a94a3" stroke-width="1"/>`);
  parts.push(label(rowY(0), tr.t('web.case.timeline.events')));
  for (const e of input.events) {
    const text = escapeHtml(tr.t('web.case.timeline.event', { date: e.date, event: tr.t(`event.${e.type}`) }));
    parts.push(`<circle class="event" cx="${f(scale.x(e.date))}" cy="${rowY(0)}" r="6" fill="#15304f" stroke="#fff" stroke-width="2"><title>${text}</title></circle>`);
  }
  input.obligations.forEach((o, i) => {
    const y = rowY(i + 1);
    const kind = tr.t(`kind.${o.kind}`);
    const from = scale.x(o.from && compareDates(o.from, o.dueOn) < 0 ? o.from : o.dueOn);
    const width = Math.max(MIN_BAR, scale.x(o.dueOn) - from);
    const text = escapeHtml(
      o.overdue ? tr.t('web.case.timeline.overdueBar', { kind, dueOn: o.dueOn }) : tr.t('web.case.timeline.bar', { kind, from: o.from ?? o.dueOn, dueOn: o.dueOn }),
    );
    parts.push(label(y, kind));
    parts.push(
      `<rect class="bar${o.overdue ? ' overdue' : ''}" x="${f(scale.x(o.dueOn) - width)}" y="${y - 8}" width="${f(width)}" height="16" rx="3" fill="${o.overdue ? OVERDUE_FILL : OPEN_FILL}"><title>${text}</title></rect>`,
    );
  });
  const today = f(scale.x(input.asOf));
  parts.push(`<line class="today" x1="${today}" x2="${today}" y1="${TIMELINE.top - 18}" y2="${axisY}" stroke="#c2410c" stroke-width="2" stroke-dasharray="4 3"/>`);
  parts.push(`<text x="${today}" y="${TIMELINE.top - 22}" text-anchor="middle" font-size="12" font-weight="600" fill="#c2410c">${escapeHtml(tr.t('web.case.timeline.today', { date: input.asOf }))}</text>`);
  const description = tr.t('web.case.timeline.desc', {
    organization: input.organization,
    events: input.events.length,
    obligations: input.obligations.length,
    overdue: input.obligations.filter((o) => o.overdue).length,
    from: scale.start,
    to: scale.end,
    today: input.asOf,
  });
  return html`<figure class="panel timeline">
<div class="timeline-scroll" tabindex="0" role="group" aria-labelledby="timeline-title">
<svg class="chart" viewBox="0 0 ${TIMELINE.width} ${height}" role="img" aria-labelledby="timeline-title timeline-desc">
<title id="timeline-title">${tr.t('web.case.timeline.title', { ref: input.ref })}</title>
<desc id="timeline-desc">${description}</desc>
${trusted(parts.join('\n'))}
</svg>
</div>
<figcaption class="muted">${tr.t('web.case.timeline.caption')}</figcaption>
</figure>`;
}
