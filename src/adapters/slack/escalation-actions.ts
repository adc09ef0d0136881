// The buttons of an escalation message: thin handlers that check who clicked, call one use case, and answer.
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { acknowledgeEscalation } from '../../app/acknowledge-escalation.js';
import type { MessageRef } from '../../app/acknowledge-escalation.js';
import { snoozeEscalation } from '../../app/snooze-escalation.js';
import { todayIn } from '../../domain/calendar/calendar-date.js';
import { schemeFor } from '../../domain/schemes/registry.js';
import { eventsAllowedIn } from '../../domain/schemes/scheme.js';
import { actionIds, formatInstant, inviteModal, recordEventModal, snoozeAction } from './blocks.js';
import type { RecordModalState } from './blocks.js';
import { actorOf, errorText, refuse, tellUser } from './context.js';
import type { Client, ListenerContext } from './context.js';

interface Click {
  readonly userId: string;
  readonly channelId: string | null;
  readonly escalationId: string;
  readonly clicked: MessageRef | undefined;
  readonly triggerId: string;
}

function clickOf(body: BlockAction, action: ButtonAction): Click {
  const channelId = body.channel?.id ?? body.container?.channel_id ?? null;
  const ts = body.message?.ts ?? body.container?.message_ts;
  return {
    userId: body.user.id,
    channelId,
    escalationId: action.value ?? '',
    clicked: channelId && ts ? { channelId, messageTs: String(ts) } : undefined,
    triggerId: body.trigger_id,
  };
}

export function registerEscalationActions(app: App, ctx: ListenerContext): void {
  const { tr } = ctx;
  const deps = ctx.deps.escalation;

  /** Acknowledges the click, then lets only staff through. */
  const staffClick = (what: string, handle: (click: Click, client: Client) => Promise<void>) =>
    async ({ ack, body, action, client }: { ack: () => Promise<void>; body: BlockAction; action: ButtonAction; client: Client }) => {
      await ack();
      const click = clickOf(body, action);
      if (!(await ctx.access.isStaff(click.userId))) return refuse(ctx, client, click.channelId, click.userId, what);
      await handle(click, client);
    };

  app.action<BlockAction<ButtonAction>>(
    actionIds.acknowledge,
    staffClick('acknowledge', async (click, client) => {
      const result = await acknowledgeEscalation(deps, { id: click.escalationId, actor: actorOf(click.userId), ...(click.clicked ? { clicked: click.clicked } : {}) });
      const text = result.ok ? tr.t('slack.done.acknowledged', { caseRef: result.value.caseRef }) : errorText(tr, result.error);
      await tellUser(ctx, client, click.channelId, click.userId, text);
    }),
  );

  app.action<BlockAction<ButtonAction>>(snoozeAction, async (args) => {
    const days = Number(snoozeAction.exec(args.action.action_id)?.[1] ?? 0);
    await staffClick(`snooze ${days}`, async (click, client) => {
      const result = await snoozeEscalation(deps, { id: click.escalationId, days, actor: actorOf(click.userId), ...(click.clicked ? { clicked: click.clicked } : {}) });
      const text = result.ok
        ? tr.t('slack.done.snoozed', { caseRef: result.value.caseRef, until: formatInstant(result.value.snoozedUntil ?? deps.clock.now(), deps.zone) })
        : errorText(tr, result.error);
      await tellUser(ctx, client, click.channelId, click.userId, text);
    })(args);
  });

  app.action<BlockAction<ButtonAction>>(
    actionIds.record,
    staffClick('record event', async (click, client) => {
      const escalation = await deps.escalations.byId(click.escalationId);
      const record = escalation && (await deps.cases.findByRef(escalation.caseRef));
      if (!escalation || !record) return tellUser(ctx, client, click.channelId, click.userId, errorText(tr, { code: 'escalation/not-found', params: { id: click.escalationId } }));
      const state: RecordModalState = { caseRef: record.ref, escalationId: escalation.id, channelId: click.channelId };
      const view = recordEventModal(tr, {
        caseRef: record.ref,
        stageName: tr.t(`stage.${record.scheme}.${record.state.stage}`),
        events: eventsAllowedIn(schemeFor(record.scheme), record.state.stage),
        today: todayIn(deps.clock.now(), deps.zone),
        state,
      });
      await client.views.open({ trigger_id: click.triggerId, view: view as unknown as Parameters<Client['views']['open']>[0]['view'] });
    }),
  );

  app.action<BlockAction<ButtonAction>>(
    actionIds.invite,
    staffClick('invite contact', async (click, client) => {
      if (!ctx.deps.invite) return tellUser(ctx, client, click.channelId, click.userId, tr.t('slack.inviteOff'));
      const escalation = await deps.escalations.byId(click.escalationId);
      const record = escalation && (await deps.cases.findByRef(escalation.caseRef));
      if (!escalation || !record) return tellUser(ctx, client, click.channelId, click.userId, errorText(tr, { code: 'escalation/not-found', params: { id: click.escalationId } }));
      const view = inviteModal(tr, { caseRef: record.ref, email: record.contacts[0]?.email ?? '', state: { caseRef: record.ref, escalationId: escalation.id, channelId: click.channelId } });
      await client.views.open({ trigger_id: click.triggerId, view: view as unknown as Parameters<Client['views']['open']>[0]['view'] });
    }),
  );
}
