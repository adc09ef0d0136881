// `certbell event record`: one event in a case's history.
import { recordEvent } from '../../../app/record-event.js';
import { parseEventInput } from '../../../app/validate-case.js';
import { refusal, subcommand } from '../context.js';
import type { CommandRegistration } from '../context.js';

export const eventRecord: CommandRegistration = (parent, { tr, io, actor, openCore, openEscalations }) => {
  subcommand(
    parent,
    tr,
    'record <ref> <event>',
    'eventRecord',
    ['--date <date>!', '--certificate-no <no>', '--expires <date>', '--level <level>', '--note <text>', '--scheduled-for <date>', '--correct-by <date>', '--outside-window', '--json'],
    { level: 'newLevel' },
  )
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
