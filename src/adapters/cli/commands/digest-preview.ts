// `certbell digest preview`: the digest a contact or the staff would get, as an .eml file or on stdout.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CommanderError } from 'commander';
import { todayIn } from '../../../domain/calendar/calendar-date.js';
import { Refused, dateOption, subcommand } from '../context.js';
import type { CommandRegistration } from '../context.js';

export const digestPreview: CommandRegistration = (parent, { tr, io, zone, digest, open }) => {
  subcommand(parent, tr, 'preview', 'digestPreview', ['--contact <email>', '--staff', '--as-of <date>', '--out <file>'], {
    contact: 'digestContact',
    staff: 'digestStaff',
    asOf: 'digestAsOf',
    out: 'digestOut',
  })
    .action(async (o: { contact?: string; staff?: boolean; asOf?: string; out?: string }) => {
      if (Boolean(o.contact) === Boolean(o.staff)) {
        io.err(tr.t('digest.cli.needOne'));
        throw new CommanderError(2, 'certbell.digest', '');
      }
      const asOf = o.asOf === undefined ? todayIn(new Date(), zone) : dateOption(o.asOf, tr);
      const { digests } = await open();
      const who = o.contact ? { contact: o.contact } : ('staff' as const);
      // The mail renderer is loaded by this command only.
      const { previewDigest } = await import('../digest-preview.js');
      const preview = await previewDigest(digests, { who, asOf, schedule: o.contact ? digest.contactSchedule : digest.staffSchedule, mail: digest.mail }, tr);
      if (preview.kind === 'refused') throw new Refused(preview.text);
      if (preview.kind === 'nothing') return io.out(preview.text);
      for (const note of preview.notes) io.err(note);
      if (!o.out) return io.out(preview.eml.toString('utf8').trimEnd());
      await writeFile(resolve(o.out), preview.eml);
      await io.out(tr.t('digest.cli.written', { file: o.out, subject: preview.subject }));
    });
};
