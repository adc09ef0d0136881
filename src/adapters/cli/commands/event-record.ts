// `certbell event record`: one event in a case's history.
import { recordEvent } from '../../../app/record-event.js';
import { parseEventInput } from '../../../app/validate-case.js';
import { refusal } from '../context.js';
import type { CommandRegistration } from '../context.js';

export const eventRecord: CommandRegistration = (parent, { tr, io, actor, openCore, openEscalations }) => {
  parent
    .command('record <ref> <event>')
    .description(tr.t('cli.help.eventRecord'))
    .requiredOption('--date <date>', tr.t('cli.help.date'))
    .option('--certificate-no <no>', tr.t('cli.help.certificateNo'))
    .option('--expires <date>', tr.t('cli.help.expires'))
    .option('--level <level>', tr.t('cli.help.newLevel'))
    .option('--note <text>', tr.t('cli.help.note'))
    .option('--scheduled-for <date>', tr.t('cli.help.scheduledFor'))
    .option('--correct-by <date>', tr.t('cli.help.correctBy'))
    .option('--outside-window', tr.t('cli.help.outsideWindow'))
    .option('--json', tr.t('cli.help.json'))
    .action(async (ref: string, type: string, o: Record<string, string | boolean | undefined>) => {
      const parsed = parseEventInput({
        type,
        date: o.date,
        certificateNo: o.certificateNo,
        expires: o.expires,
        level: o.level,
        note: o.note,
        scheduledFor: o.scheduledFor,
        correctBy: o.correctBy,
        outsideWindow: o.outsideWindow === true,
      });
      if (!parsed.event) throw refusal(parsed.error, tr);
      const { deps } = await openCore();
      // With Slack configured, the escalations the event met are resolved at once.
      const result = await recordEvent(deps, { ref, event: parsed.event }, actor, { escalations: await openEscalations() });
      if (!result.ok) throw refusal(result.error, tr);
      const c = result.value;
      await io.out(
        o.json
          ? JSON.stringify({ ref: c.ref, event: type, date: parsed.event.date, stage: c.state.stage, version: c.version })
          : tr.t('cli.eventRecorded', { ref: c.ref, event: tr.t(`event.${type}`), date: parsed.event.date, stage: tr.t(`stage.${c.scheme}.${c.state.stage}`) }),
      );
    });
};
