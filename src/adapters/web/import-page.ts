// GET/POST /import and POST /import/apply: a register (.csv, .xlsx or .json) is uploaded, checked
// without writing (the dry run), and only then applied, exactly as previewed. Uploads are accepted on
// these routes only, up to 20 MB, and only from a signed-in member: the session is checked before a
// byte of the body is read, and the CSRF token before the file is kept.
import fastifyMultipart from '@fastify/multipart';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resumeSession } from '../../app/console/sign-in.js';
import { applyUpload, previewUpload } from '../../app/console/import-upload.js';
import { openImportFile } from '../import/read-import-file.js';
import type { RouteContext, Staff } from './context.js';
import { formField, refusePage, staffOnly, staffPage, visitorTranslator } from './context.js';
import { appliedBody, failedBody, MAX_UPLOAD_MB, previewBody, uploadForm } from './import-view.js';
import { SESSION_COOKIE } from './security.js';
import { createUploadStore } from './upload-store.js';

interface UploadedFile {
  readonly filename: string;
  readonly data: Buffer;
}

async function keepInMemory(part: MultipartFile): Promise<void> {
  // Read whole here, within the size limit, so that nothing touches the disk before the CSRF check.
  const data = await part.toBuffer();
  (part as MultipartFile & { value: UploadedFile }).value = { filename: part.filename, data };
}

function uploadedFile(request: FastifyRequest): UploadedFile | null {
  const value = (request.body as Record<string, unknown> | undefined)?.file;
  if (!value || typeof value !== 'object' || !('data' in value) || !Buffer.isBuffer(value.data) || value.data.length === 0) return null;
  return value as UploadedFile;
}

function show(reply: FastifyReply, staff: Staff, body: Parameters<typeof staffPage>[2]['body'], status = 200) {
  return staffPage(reply, staff, { title: staff.tr.t('web.import.title'), section: 'import', body, status });
}

async function applyKept(ctx: RouteContext, path: string, email: string, applyChanges: boolean) {
  const opened = await openImportFile(path);
  if (!opened.ok) return { kind: 'unreadable' as const, error: opened.error };
  return { kind: 'applied' as const, result: await applyUpload(ctx.deps.importing, opened.value, email, applyChanges) };
}

export async function registerImportRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const uploads = createUploadStore(ctx.deps.clock);
  app.addHook('onClose', async () => uploads.close());

  app.get(
    '/import',
    staffOnly(ctx, async (_request, reply, staff) => show(reply, staff, uploadForm(staff, null))),
  );

  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      const sessionId = request.cookies[SESSION_COOKIE];
      if (!sessionId || !(await resumeSession(ctx.deps.signIn, sessionId))) {
        const tr = visitorTranslator(request);
        return refusePage(reply.header('Connection', 'close'), tr, 403, tr.t('web.refused.signIn'));
      }
      return undefined;
    });
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      onFile: keepInMemory,
      limits: { fileSize: MAX_UPLOAD_MB * 1024 * 1024, files: 1, fields: 4, fieldSize: 1024, parts: 6 },
    });
    scope.post(
      '/import',
      staffOnly(ctx, async (request, reply, staff) => {
        const { tr } = staff;
        const file = uploadedFile(request);
        if (!file) return show(reply, staff, uploadForm(staff, tr.t('web.import.noFile')), 400);
        const applyChanges = formField(request, 'applyChanges') === 'yes';
        const upload = await uploads.put(staff.sessionId, file.filename, file.data, applyChanges);
        const opened = await openImportFile(upload.path);
        if (!opened.ok) {
          await uploads.remove(upload.id);
          return show(reply, staff, uploadForm(staff, tr.error(opened.error)), 400);
        }
        const preview = await previewUpload(ctx.deps.importing, opened.value, staff.member.email, applyChanges);
        // A file with a problem cannot be applied: it is not kept.
        if (preview.problems.length) await uploads.remove(upload.id);
        const body = previewBody(staff, upload.name, preview, preview.problems.length ? null : { id: upload.id, applyChanges });
        return show(reply, staff, body, preview.problems.length ? 422 : 200);
      }),
    );
  });

  app.post(
    '/import/apply',
    staffOnly(ctx, async (request, reply, staff) => {
      const { tr } = staff;
      const upload = await uploads.take(formField(request, 'upload') ?? '', staff.sessionId);
      if (!upload) return show(reply, staff, uploadForm(staff, tr.t('web.import.gone')), 410);
      // Applied or refused, the upload is deleted before the answer goes out.
      const outcome = await applyKept(ctx, upload.path, staff.member.email, upload.applyChanges).finally(() => uploads.remove(upload.id));
      if (outcome.kind === 'unreadable') return show(reply, staff, uploadForm(staff, tr.error(outcome.error)), 400);
      if (!outcome.result.ok) return show(reply, staff, failedBody(staff, outcome.result.error), 409);
      return show(reply, staff, appliedBody(tr, upload.name, outcome.result.value));
    }),
  );
}
