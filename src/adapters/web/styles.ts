// The console's one stylesheet, served from /assets/console.css (the CSP allows no inline style).
// Phone first: one column, with wider screens getting side-by-side panels and full tables.
export const consoleCss = `
:root { --ink:#1d232b; --muted:#5b6573; --line:#d5dbe3; --bg:#f5f7fa; --card:#fff; --accent:#1f5fbf;
  --overdue:#b3261e; --soon:#8a5a00; --ok:#1e6b3a; font-family: system-ui, "Noto Sans CJK SC", "Noto Sans SC", sans-serif; }
* { box-sizing: border-box; }
body { margin:0; color:var(--ink); background:var(--bg); font-size:16px; line-height:1.5; }
a { color:var(--accent); }
a:focus, button:focus, input:focus, select:focus { outline:3px solid #ffbf47; outline-offset:1px; }
.skip { position:absolute; left:-999px; } .skip:focus { left:8px; top:8px; background:#fff; padding:4px 8px; z-index:2; }
header.top { background:#15304f; color:#fff; padding:8px 12px; display:flex; flex-wrap:wrap; gap:8px 16px; align-items:center; }
header.top a { color:#fff; text-decoration:none; padding:6px 4px; }
header.top a[aria-current="page"] { border-bottom:3px solid #ffbf47; }
header.top .brand { font-weight:700; margin-right:8px; }
header.top nav ul { list-style:none; margin:0; padding:0; display:flex; flex-wrap:wrap; gap:4px 12px; }
header.top .me { margin-left:auto; display:flex; gap:8px; align-items:center; flex-wrap:wrap; font-size:14px; }
header.top form { display:inline; margin:0; }
header.top button, header.top select { font-size:14px; }
main { padding:12px; max-width:1200px; margin:0 auto; }
h1 { font-size:1.5rem; margin:8px 0 12px; } h2 { font-size:1.2rem; margin:20px 0 8px; }
.cards { display:grid; grid-template-columns:repeat(2, 1fr); gap:8px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:10px 12px; }
.card .n { font-size:1.8rem; font-weight:700; display:block; text-decoration:none; }
.card .n.overdue { color:var(--overdue); }
.card .label { color:var(--muted); font-size:14px; }
.panel { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px; margin:12px 0; overflow-x:auto; }
table { border-collapse:collapse; width:100%; font-size:15px; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-weight:600; color:var(--muted); font-size:14px; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
.overdue { color:var(--overdue); font-weight:600; } .soon { color:var(--soon); } .ok { color:var(--ok); }
.muted { color:var(--muted); font-size:14px; }
.chart { width:100%; height:auto; display:block; }
.legend { display:flex; flex-wrap:wrap; gap:4px 12px; font-size:13px; margin:6px 0 0; padding:0; list-style:none; }
.legend .swatch { display:inline-block; width:12px; height:12px; margin-right:4px; vertical-align:middle; }
form.stack { display:flex; flex-direction:column; gap:8px; max-width:420px; }
form.filters { display:grid; grid-template-columns:1fr 1fr; gap:8px; align-items:end; }
form.filters .wide { grid-column:1 / -1; }
/* Grid items shrink to their column: a select with long option names would otherwise push the form wider than a phone. */
form.filters > * { min-width:0; } form.filters select, form.filters input { width:100%; max-width:100%; }
label { display:flex; flex-direction:column; font-size:14px; color:var(--muted); gap:2px; }
input, select, textarea, button { font:inherit; padding:8px; border:1px solid #8a94a3; border-radius:6px; background:#fff; color:var(--ink); min-height:44px; }
button { background:var(--accent); color:#fff; border-color:var(--accent); cursor:pointer; }
button.secondary { background:#fff; color:var(--accent); }
.notice { background:#e8f1fb; border:1px solid #b6d0f0; border-radius:8px; padding:10px 12px; margin:8px 0; }
.error { background:#fdecea; border:1px solid #f3b8b3; border-radius:8px; padding:10px 12px; margin:8px 0; }
.signin { max-width:460px; margin:40px auto; }
.pager { display:flex; gap:12px; align-items:center; margin:8px 0; flex-wrap:wrap; }
.rows-as-cards td { display:block; border:0; padding:2px 0; }
.rows-as-cards tr { display:block; border-bottom:1px solid var(--line); padding:8px 0; }
.rows-as-cards thead { position:absolute; left:-9999px; }
.hide-narrow { display:none; }
.month-grid { list-style:none; margin:12px 0; padding:0; }
.month-grid .wd, .month-grid .day.out, .month-grid .day.empty { display:none; }
.month-grid .day { border-bottom:1px solid var(--line); padding:8px 4px; }
.month-grid .day.off { background:#f1f3f6; }
.month-grid .day.today { outline:3px solid var(--accent); outline-offset:-3px; }
.month-grid .date time { font-weight:700; margin-right:4px; }
.month-grid .tag { font-size:12px; color:var(--muted); }
.month-grid .counts { list-style:none; margin:4px 0 0; padding:0; font-size:14px; }
.month-grid .counts a { display:inline-block; padding:4px 0; }
.choice { flex-direction:row; align-items:center; gap:8px; color:var(--ink); }
.choice input { min-height:auto; }
form.inline { display:inline; }
ul.feeds { list-style:none; padding:0; margin:0; } ul.feeds li { padding:8px 0; border-bottom:1px solid var(--line); }
code.secret { word-break:break-all; background:#fff; padding:2px 4px; user-select:all; }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:4px 12px; margin:0; }
dl.facts dt { color:var(--muted); font-size:14px; } dl.facts dd { margin:0; overflow-wrap:anywhere; }
.actions { display:flex; flex-wrap:wrap; gap:6px; } .actions form { margin:0; }
label.check { flex-direction:row; align-items:center; gap:8px; color:var(--ink); }
label.check input { min-height:auto; }
details summary { cursor:pointer; min-height:44px; display:flex; align-items:center; color:var(--accent); }
code.invite-link { display:block; overflow-wrap:anywhere; background:#fff; padding:8px; border:1px solid var(--line); border-radius:6px; user-select:all; }
.rows-as-cards td { overflow-wrap:anywhere; }
.rows-as-cards td[data-label]:not([data-label=""])::before { content:attr(data-label); display:block; font-size:13px; color:var(--muted); }
.timeline-scroll { overflow-x:auto; }
.timeline-scroll svg { min-width:720px; }
@media (min-width: 760px) {
  main { padding:16px 24px; }
  .cards { grid-template-columns:repeat(5, 1fr); }
  form.filters { grid-template-columns:repeat(auto-fill, minmax(150px, 1fr)); }
  form.filters .wide { grid-column:span 2; }
  .rows-as-cards td { display:table-cell; border-bottom:1px solid var(--line); padding:6px 8px; }
  .rows-as-cards tr { display:table-row; padding:0; }
  .rows-as-cards thead { position:static; }
  .hide-narrow { display:table-cell; }
  .rows-as-cards td[data-label]:not([data-label=""])::before { content:none; display:none; }
  .timeline-scroll svg { min-width:0; }
  .two { display:grid; grid-template-columns:1fr 1fr; gap:12px; }
  .month-grid { display:grid; grid-template-columns:repeat(7, minmax(0, 1fr)); gap:1px; background:var(--line); padding:1px; }
  .month-grid .wd { display:block; background:var(--card); padding:4px 6px; font-weight:600; color:var(--muted); font-size:14px; }
  .month-grid .day, .month-grid .day.out, .month-grid .day.empty { display:block; background:var(--card); min-height:90px; padding:4px 6px; border:0; }
  .month-grid .day.off { background:#eef1f5; }
  .month-grid .day.out { color:var(--muted); background:#f8f9fb; }
  .month-grid .day.out .counts { display:none; }
  .month-grid .wdname { display:none; }
  .month-grid .counts { font-size:13px; }
}
`;
