// The case page's time line, drawn on the server: where its points, bars and today's line stand,
// which bars are red, and that nothing typed into a case can become markup inside the SVG.
import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/adapters/i18n/translator.js';
import { caseTimeline, TIMELINE, timelineScale } from '../../../src/adapters/web/case-timeline.js';
import type { TimelineInput } from '../../../src/adapters/web/case-timeline.js';
import { daysBetween } from '../../../src/domain/calendar/calendar-date.js';

const en = translator('en');

const input: TimelineInput = {
  ref: 'CN-2025-0001',
  organization: '北京安信网络科技有限公司',
  asOf: '2026-04-15',
  events: [
    { date: '2025-09-26', type: 'materials-received' },
    { date: '2026-03-31', type: 'certificate-issued' },
  ],
  obligations: [
    { kind: 'annual-inspection', from: '2027-02-28', dueOn: '2027-03-31', overdue: false },
    { kind: 'pledge', from: null, dueOn: '2026-04-10', overdue: true },
  ],
};

const numbers = (svg: string, pattern: RegExp) => [...svg.matchAll(pattern)].map((m) => Number(m[1]));

describe('the case time line', () => {
  it('spans every date with a margin, from the left edge of the plot to its right edge', () => {
    const scale = timelineScale(input);
    expect(daysBetween(scale.start, '2025-09-26')).toBeGreaterThanOrEqual(7);
    expect(daysBetween('2027-03-31', scale.end)).toBeGreaterThanOrEqual(7);
    expect(scale.x(scale.start)).toBe(TIMELINE.left);
    expect(scale.x(scale.end)).toBeCloseTo(TIMELINE.width - TIMELINE.right, 6);
    expect(scale.x('2026-01-01')).toBeGreaterThan(scale.x('2025-12-31'));
  });

  it('puts each event, bar and today where the scale says, and only the overdue bar is red', () => {
    const scale = timelineScale(input);
    const svg = caseTimeline(en, input).text;
    expect(numbers(svg, /<circle class="event" cx="([\d.]+)"/g)).toEqual(input.events.map((e) => Number(scale.x(e.date).toFixed(1))));
    expect(numbers(svg, /<line class="today" x1="([\d.]+)"/g)).toEqual([Number(scale.x('2026-04-15').toFixed(1))]);
    // The window: from the day it opens to the day it is due.
    const bar = /<rect class="bar" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*fill="([^"]+)"/.exec(svg);
    expect(Number(bar?.[1])).toBeCloseTo(scale.x('2027-02-28'), 1);
    expect(Number(bar?.[1]) + Number(bar?.[2])).toBeCloseTo(scale.x('2027-03-31'), 1);
    expect(bar?.[3]).not.toBe('#b3261e');
    // No window of its own: a short bar ending on its due day, red because it is overdue.
    const late = /<rect class="bar overdue" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*fill="#b3261e"/.exec(svg);
    expect(Number(late?.[1]) + Number(late?.[2])).toBeCloseTo(scale.x('2026-04-10'), 1);
    expect(svg.match(/class="bar overdue"/g)).toHaveLength(1);
    expect(svg.match(/class="bar"/g)).toHaveLength(1);
  });

  it('is an image with a title and a description, its parts each with a title', () => {
    const svg = caseTimeline(en, input).text;
    expect(svg).toMatch(/<svg [^>]*role="img" aria-labelledby="timeline-title timeline-desc"/);
    expect(svg).toContain('<title id="timeline-title">Time line of case CN-2025-0001</title>');
    expect(svg).toContain('2 recorded events as points, and 2 open obligations');
    expect(svg).toContain(`<title>2026-03-31: ${en.t('event.certificate-issued')}</title>`);
    expect(svg).toContain(`<title>${en.t('kind.pledge')}: due 2026-04-10, overdue</title>`);
  });

  it('escapes hostile names in its title, description and labels', () => {
    const hostile = '</desc><script>alert("x")</script>&';
    const svg = caseTimeline(en, { ...input, ref: `"><svg onload=alert(1)>`, organization: hostile, events: [{ date: '2026-01-01', type: '<img src=x onerror=alert(1)>' }] }).text;
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<svg onload');
    expect(svg).toContain('&lt;/desc&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
    expect(svg.match(/<desc /g)).toHaveLength(1);
    expect(svg.match(/<\/desc>/g)).toHaveLength(1);
  });
});
