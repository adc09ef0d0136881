// Uploaded import files between their dry run and "Apply": each in its own folder of a private
// temporary directory under a random id, bound to the session that sent it, kept 30 minutes at
// most and deleted once applied. Its SHA-256 is taken on arrival and checked before applying, so
// the import writes exactly the file that was previewed. Kept in this process: with several console
// instances, the apply must reach the instance that showed the preview (sticky sessions).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export const UPLOAD_TTL_MS = 30 * 60_000;

export interface PendingUpload {
  readonly id: string;
  readonly sessionId: string;
  /** The name the file had on the sender's computer (its extension says how to read it). */
  readonly name: string;
  readonly path: string;
  readonly sha256: string;
  readonly applyChanges: boolean;
  readonly expiresAt: number;
}

export interface UploadStore {
  put(sessionId: string, name: string, data: Buffer, applyChanges: boolean): Promise<PendingUpload>;
  /**
   * The session's upload, if it is still there, unexpired and unchanged since it arrived; taken, so
   * that a second Apply (a double click) finds nothing. The caller removes its file when done.
   */
  take(id: string, sessionId: string): Promise<PendingUpload | null>;
  remove(id: string): Promise<void>;
  close(): Promise<void>;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A plain file name: no folders, no control characters, not too long; the extension kept. */
export function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f/:*?"<>|]+/g, '_').trim();
  const dot = plain.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [plain.slice(0, dot), plain.slice(dot)] : [plain, ''];
  return `${stem.slice(0, 80) || 'upload'}${ext.slice(0, 10)}`;
}

export function createUploadStore(clock: { now(): Date }): UploadStore {
  const pending = new Map<string, PendingUpload>();
  let root: Promise<string> | null = null;
  const folder = () => (root ??= mkdtemp(join(tmpdir(), 'certbell-import-')));
  const drop = async (id: string) => {
    pending.delete(id);
    // Ids are ours (base64url), never a path from the request.
    if (/^[A-Za-z0-9_-]{22}$/.test(id)) await rm(join(await folder(), id), { recursive: true, force: true });
  };
  const sweep = async () => {
    const now = clock.now().getTime();
    for (const upload of [...pending.values()]) if (upload.expiresAt <= now) await drop(upload.id);
  };
  return {
    async put(sessionId, name, data, applyChanges) {
      await sweep();
      const id = randomBytes(16).toString('base64url');
      const dir = join(await folder(), id);
      await mkdir(dir, { mode: 0o700 });
      const path = join(dir, safeName(name));
      await writeFile(path, data, { mode: 0o600 });
      const upload: PendingUpload = { id, sessionId, name: basename(path), path, sha256: sha256(data), applyChanges, expiresAt: clock.now().getTime() + UPLOAD_TTL_MS };
      pending.set(id, upload);
      return upload;
    },
    async take(id, sessionId) {
      await sweep();
      const upload = pending.get(id);
      if (!upload || upload.sessionId !== sessionId) return null;
      pending.delete(id);
      const data = await readFile(upload.path).catch(() => null);
      if (!data || sha256(data) !== upload.sha256) {
        await drop(id);
        return null;
      }
      return upload;
    },
    remove: drop,
    async close() {
      pending.clear();
      if (root) await rm(await root, { recursive: true, force: true });
    },
  };
}
