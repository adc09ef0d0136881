// How far an import has got, on the operator's terminal: a progress bar with rows per second and the
// time left when stderr is a terminal; otherwise a plain line now and then (logs, CI), never control
// codes. Progress goes to stderr so that stdout (and --json) stays the command's answer.
import cliProgress from 'cli-progress';
import type { ImportProgress } from '../../app/import-ports.js';
import type { Translator } from '../i18n/translator.js';

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** Seconds between plain lines. */
const PLAIN_EVERY_MS = 5_000;

export function importProgress(stream: ProgressStream, tr: Translator): { update(progress: ImportProgress): void; stop(): void } {
  let phase: ImportProgress['phase'] | null = null;
  let started = 0;
  let lastLine = 0;
  let last: ImportProgress | null = null;
  let bar: cliProgress.SingleBar | null = null;
  const rate = (rows: number) => Math.round(rows / Math.max((performance.now() - started) / 1000, 0.001));
  const plain = (p: ImportProgress) => {
    const percent = p.total ? Math.floor((100 * p.done) / p.total) : null;
    stream.write(`${tr.t('cli.importProgress.line', { phase: tr.t(`cli.importProgress.${p.phase}`), rows: p.rows, speed: rate(p.rows), percent: percent ?? '?' })}\n`);
    lastLine = performance.now();
  };
  const finish = () => {
    if (bar) bar.stop();
    else if (last && phase) plain(last);
    bar = null;
  };
  return {
    update(p) {
      if (p.phase !== phase) {
        finish();
        phase = p.phase;
        started = performance.now();
        lastLine = started;
        if (stream.isTTY) {
          bar = new cliProgress.SingleBar(
            { stream: stream as NodeJS.WritableStream, format: tr.t('cli.importProgress.bar'), etaBuffer: 20, fps: 5, hideCursor: true, clearOnComplete: false },
            cliProgress.Presets.shades_classic,
          );
          bar.start(p.total || 1, 0, { phase: tr.t(`cli.importProgress.${p.phase}`), rows: 0, speed: 0 });
        }
      }
      last = p;
      if (bar) {
        if (!p.total) bar.setTotal(Math.max(p.done, 1));
        bar.update(p.done, { rows: p.rows, speed: rate(p.rows) });
      } else if (performance.now() - lastLine >= PLAIN_EVERY_MS) plain(p);
    },
    stop: finish,
  };
}
