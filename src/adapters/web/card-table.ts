// A table that a phone shows as one card per row (class rows-as-cards): each cell carries its
// column's name, which the stylesheet writes above the value when the header row is out of sight.
import { html, Html } from './html.js';

type CellValue = Html | string | number;

export interface Cell {
  readonly value: CellValue;
  readonly className?: string;
}

export interface Row {
  readonly className?: string;
  /** Written as data-status, for the stylesheet and the tests. */
  readonly status?: string;
  readonly cells: readonly (Cell | CellValue)[];
}

function cellOf(value: Cell | CellValue): Cell {
  return typeof value === 'object' && !(value instanceof Html) ? value : { value };
}

export function cardTable(head: readonly string[], rows: readonly Row[], caption?: string): Html {
  const body = rows.map(
    (row) =>
      html`<tr${row.className ? html` class="${row.className}"` : ''}${row.status ? html` data-status="${row.status}"` : ''}>${row.cells.map((c, i) => {
        const cell = cellOf(c);
        return html`<td data-label="${head[i] ?? ''}"${cell.className ? html` class="${cell.className}"` : ''}>${cell.value}</td>`;
      })}</tr>`,
  );
  return html`<table class="rows-as-cards">${caption ? html`<caption class="skip">${caption}</caption>` : ''}<thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${body}</tbody></table>`;
}
