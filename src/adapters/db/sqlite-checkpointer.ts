// Copies the write-ahead log back into the SQLite file on a thread of its own.
//
// SQLite does this itself by default, inside whichever COMMIT finds the log past 1,000 pages: that
// commit then writes every page changed since, and syncs the file, on the thread that committed. On
// a register of 100,000 cases a commit of the daily lapses or of the sweep's reminders spent 300 to
// 500 ms there, a freeze of the service each time. A process that writes therefore turns that off on
// its connections and checkpoints from a worker thread instead (PASSIVE: it never waits for readers
// or writers, and they never wait for it). Should the worker fail, the checkpoints run on the main
// thread, as SQLite would have run them.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

const CHECKPOINT_EVERY_MS = 500;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); checkpoint(); db.close(); parentPort.close(); });
`;

export interface Checkpointer {
  /** Starts checkpointing (once); from then on the process's writing connections leave it to this. */
  start(): void;
  /** A last checkpoint, then the thread ends. */
  stop(): Promise<void>;
}

/** What a writing connection runs so that its commits leave checkpoints to the checkpointer. */
export const NO_AUTOCHECKPOINT = 'wal_autocheckpoint = 0';

export function createCheckpointer(file: string): Checkpointer {
  let worker: Worker | null = null;
  let fallback: { timer: NodeJS.Timeout; connection: BetterSqlite3.Database } | null = null;
  let started = false;
  let stopping = false;

  const onMainThread = () => {
    if (fallback || stopping) return;
    const connection = new BetterSqlite3(file);
    const timer = setInterval(() => {
      try {
        connection.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // Busy or closing: the next tick tries again.
      }
    }, CHECKPOINT_EVERY_MS);
    timer.unref();
    fallback = { timer, connection };
  };

  return {
    start() {
      if (started) return;
      started = true;
      try {
        const driver = createRequire(import.meta.url).resolve('better-sqlite3');
        worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, everyMs: CHECKPOINT_EVERY_MS } });
        worker.unref();
        worker.on('error', onMainThread);
        worker.on('exit', () => {
          worker = null;
          if (!stopping) onMainThread();
        });
      } catch {
        onMainThread();
      }
    },
    async stop() {
      stopping = true;
      if (worker) {
        // Held while it finishes: an unreferenced thread would let the process end before it does.
        worker.ref();
        const ended = new Promise<void>((resolve) => worker!.once('exit', () => resolve()));
        worker.postMessage('stop');
        await ended;
      }
      if (fallback) {
        clearInterval(fallback.timer);
        fallback.connection.close();
        fallback = null;
      }
    },
  };
}
