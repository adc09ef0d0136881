// The frame and the type every digest shares, built for a phone first: one column at any width
// (nothing side by side, so nothing is squeezed below 480 px), body text of 16 px, the action in
// full-contrast ink, and long words (addresses, emails) allowed to break rather than widen the page.
// Tables and inline styles only, which Outlook, Gmail, QQ Mail and Apple Mail all render alike.
import type { DigestItem } from '../../app/digest-ports.js';
import { isNotice } from '../../domain/schemes/registry.js';
import { leftText } from '../i18n/message-parts.js';
import type { Translator } from '../i18n/translator.js';
import { escapeHtml as esc } from './escape-html.js';

// Colours chosen for contrast on white (INK 14:1, MUTED 6.4:1, LATE 6.6:1) and fonts for Chinese system fonts on every platform.
export const FONT = `-apple-system,'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Segoe UI',Arial,sans-serif`;
export const INK = '#1f2933';
export const MUTED = '#52606d';
export const RULE = '#d9e2ec';
export const ACCENT = '#0b5cad';
export const LATE = '#b42318';

/** Body text: never below 16 px. */
export const BODY = 'font-size:16px;line-height:24px';
const BREAKS = 'overflow-wrap:anywhere;word-break:break-word';

/** One line of a stacked item; `part` names it for the tests (when, heading, todo, why, contact, note). */
export function line(part: string, text: string, style: string): string {
  return `<p data-part="${part}" style="margin:0 0 6px 0;${BODY};${style}">${esc(text)}</p>`;
}

/** A deadline as a block of lines, one under the other, with a rule above it. */
export function itemBlock(lines: readonly string[], late: boolean): string {
  return `<div class="item" role="listitem" data-late="${late}" style="padding:14px 0 8px 0;border-top:1px solid ${RULE};${late ? `border-left:4px solid ${LATE};padding-left:10px;` : ''}${BREAKS}">
${lines.join('\n')}
</div>`;
}

export function heading2(text: string, count: number, late: boolean): string {
  return `<h2 style="font-size:18px;line-height:26px;margin:24px 0 4px 0;color:${late ? LATE : INK}">${esc(text)} <span style="color:${MUTED};font-weight:400">(${count})</span></h2>`;
}

/** The frame: a centred column at most 640 px wide and never wider than the screen, a hidden preview line and a footer. */
export function page(tr: Translator, parts: { readonly subject: string; readonly title: string; readonly preheader: string; readonly body: string; readonly footer: string }): string {
  return `<!DOCTYPE html>
<html lang="${tr.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${esc(parts.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f0f4f8;-webkit-text-size-adjust:100%">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${esc(parts.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f0f4f8" style="background:#f0f4f8;table-layout:fixed">
<tr><td align="center" style="padding:16px 8px">
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:640px;table-layout:fixed;background:#ffffff;border:1px solid ${RULE};border-radius:6px;font-family:${FONT};color:${INK}">
<tr><td style="padding:16px 16px;background:${ACCENT};border-radius:6px 6px 0 0;color:#ffffff;font-size:20px;line-height:28px;font-weight:600;${BREAKS}">${esc(parts.title)}</td></tr>
<tr><td style="padding:16px 16px;${BODY};${BREAKS}">
${parts.body}
</td></tr>
<tr><td style="padding:12px 16px 20px 16px;border-top:1px solid ${RULE};color:${MUTED};${BODY};${BREAKS}">${parts.footer}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

/** "12 days left", "3 working days left", "due today" or "overdue by 3 days": as the item's rule counts. */
export function itemStatus(tr: Translator, i: DigestItem): string {
  // A notice (an expired certificate) is news since its date, not a deadline.
  if (isNotice(i.obligation)) return tr.t('digest.notice');
  return leftText(tr, i.left ?? (i.daysLeft < 0 ? { kind: 'overdue', days: -i.daysLeft } : i.daysLeft === 0 ? { kind: 'today' } : { kind: 'left', count: i.daysLeft, unit: 'days' }));
}
