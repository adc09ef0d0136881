// What staff do on a case page, each a POST through staffOnly (session, CSRF token, same origin) and
// the same use case the command line and Slack call, with the actor `web:<email>`. Done: a 303 back
// to the case page with a notice. Refused: the case page again with the reason in the staff's words,
// and nothing written. The invitation link is the one answer shown in the POST's own response: it
// must be seen once and is stored only as a hash.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { retryDelivery } from '../../app/console/show-case-page.js';
import { acknowledgeCaseEscalation, snoozeCaseEscalation } from '../../app/console/case-escalations.js';
import { inviteContact } from '../../app/invite-contact.js';
import { recordEvent } from '../../app/record-event.js';
import { parseEventInput } from '../../app/validate-case.js';
import type { DomainError, Result } from '../../domain/result.js';
import { inviteErrorText } from '../i18n/invite-messages.js';
import type { Translator } from '../i18n/translator.js';
import { casePath, sendCasePage } from './case-page.js';
import type { CasePageExtras, Done } from './case-page.js';
import { EVENT_FIELDS } from './case-forms.js';
import type { EventFormValues } from './case-forms.js';
import type { RouteContext, Staff } from './context.js';
import { formField, staffOnly } from './context.js';

/** Refusals that are about the case's state now (409), as against what was typed (422). */
const CONFLICTS = new Set(['event/illegal-in-stage', 'case/concurrent-change', 'case/closed', 'certificate/duplicate', 'escalation/resolved', 'escalation/already-acknowledged', 'escalation/not-found', 'outbox/not-failed', 'invite/no-bot-username']);

/** A refusal in the staff's words: the console's own codes, then the invitation's, then the shared domain errors. */
export function webErrorText(tr: Translator, error: DomainError): string {
  const own = tr.t(`web.error.${error.code}`, error.params);
  if (own !== `web.error.${error.code}`) return own;
  const shared = inviteErrorText(tr, error);
  return shared === `error.${error.code}` ? tr.t('web.case.failed') : shared;
}

/** The HTTP status of a refusal: 404 for an unknown case, 409 for the state it is in now, 422 for what was typed. */
export function statusOf(error: DomainError): number {
  if (error.code === 'case/not-found') return 404;
  return CONFLICTS.has(error.code) ? 409 : 422;
}

export const actorOf = (staff: Staff) => `web:${staff.member.email}`;
const paramsOf = (request: FastifyRequest) => request.params as { ref: string; id?: string };

export function registerCaseActionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  /** The outcome of a use case: back to the case page with a notice, or the page again with the refusal. */
  const answer = async <T>(reply: FastifyReply, staff: Staff, ref: string, result: Result<T>, done: Done, extras: CasePageExtras = {}) => {
    if (result.ok) return reply.redirect(casePath(ref, done), 303);
    return sendCasePage(ctx, reply, staff, ref, { ...extras, error: webErrorText(staff.tr, result.error), status: statusOf(result.error) });
  };

  app.post(
    '/cases/:ref/events',
    staffOnly(ctx, async (request, reply, staff) => {
      const { ref } = paramsOf(request);
      const values: EventFormValues = Object.fromEntries(
        [...EVENT_FIELDS, 'outsideWindow' as const].flatMap((name) => {
          const value = formField(request, name);
          return value === undefined ? [] : [[name, value]];
        }),
      );
      const parsed = parseEventInput({ ...values, type: values.type, date: values.date, outsideWindow: values.outsideWindow !== undefined });
      if (!parsed.event) return sendCasePage(ctx, reply, staff, ref, { error: webErrorText(staff.tr, parsed.error), status: 422, eventForm: values });
      // With Slack configured, the escalations the event met are resolved at once, as from the command line.
      const result = await recordEvent(ctx.deps.casePage, { ref, event: parsed.event }, actorOf(staff), { escalations: ctx.deps.escalations });
      return answer(reply, staff, ref, result, 'event', { eventForm: values });
    }),
  );

  app.post(
    '/cases/:ref/invitations',
    staffOnly(ctx, async (request, reply, staff) => {
      const { ref } = paramsOf(request);
      // Unknown until Telegram is asked; when it cannot be, the use case says the bot is not known.
      await ctx.deps.resolveBotUsername().catch(() => null);
      const result = await inviteContact(ctx.deps.invite, { caseRef: ref, email: formField(request, 'email') ?? '', actor: actorOf(staff) });
      if (!result.ok) return sendCasePage(ctx, reply, staff, ref, { error: webErrorText(staff.tr, result.error), status: statusOf(result.error) });
      const { link, contactName, expiresAt } = result.value;
      return sendCasePage(ctx, reply, staff, ref, { invited: { link, name: contactName, expiresAt } });
    }),
  );

  app.post(
    '/cases/:ref/escalations/:id/acknowledge',
    staffOnly(ctx, async (request, reply, staff) => {
      const { ref, id = '' } = paramsOf(request);
      if (!ctx.deps.escalations) return sendCasePage(ctx, reply, staff, ref, { error: staff.tr.t('web.case.escalation.slackOff'), status: 409 });
      return answer(reply, staff, ref, await acknowledgeCaseEscalation(ctx.deps.escalations, { ref, id, actor: actorOf(staff) }), 'acknowledged');
    }),
  );

  app.post(
    '/cases/:ref/escalations/:id/snooze',
    staffOnly(ctx, async (request, reply, staff) => {
      const { ref, id = '' } = paramsOf(request);
      if (!ctx.deps.escalations) return sendCasePage(ctx, reply, staff, ref, { error: staff.tr.t('web.case.escalation.slackOff'), status: 409 });
      const days = Number(formField(request, 'days') ?? '');
      return answer(reply, staff, ref, await snoozeCaseEscalation(ctx.deps.escalations, { ref, id, days, actor: actorOf(staff) }), 'snoozed');
    }),
  );

  app.post(
    '/cases/:ref/deliveries/:id/retry',
    staffOnly(ctx, async (request, reply, staff) => {
      const { ref, id = '' } = paramsOf(request);
      return answer(reply, staff, ref, await retryDelivery(ctx.deps.casePage, { ref, id, actor: actorOf(staff) }), 'retried');
    }),
  );
}
