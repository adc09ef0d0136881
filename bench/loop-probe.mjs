// Preloaded into the service by the benchmark (`node --import ./bench/loop-probe.mjs dist/main.js`):
// measures the longest event-loop stall and the peak memory of the start-up catch-up sweep. The window
// opens when the service logs that it runs (after migrating and recomputing, before the scheduler
// starts) and closes when it logs the sweep's outcome; the figures go to BENCH_PROBE_FILE as JSON.
import fs, { writeFileSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const file = process.env.BENCH_PROBE_FILE;
const histogram = monitorEventLoopDelay({ resolution: 10 });
let opened = 0;
const peakMb = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;

function seen(chunk) {
  const text = String(chunk);
  if (!opened && text.includes('"msg":"certbell is running')) {
    histogram.reset();
    histogram.enable();
    opened = performance.now();
  } else if (opened > 0 && text.includes('"tick":') && text.includes('"enqueued":')) {
    histogram.disable();
    const figures = { sweepMs: performance.now() - opened, maxStallMs: histogram.max / 1e6, p99StallMs: histogram.percentile(99) / 1e6, peakMb: peakMb() };
    if (file) writeFileSync(file, JSON.stringify(figures));
    opened = -1;
  }
}

// pino writes its lines with fs.writeSync on descriptor 1.
const writeSync = fs.writeSync;
fs.writeSync = (fd, chunk, ...rest) => {
  if (fd === 1) seen(chunk);
  return writeSync(fd, chunk, ...rest);
};
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  seen(chunk);
  return write(chunk, ...rest);
};
