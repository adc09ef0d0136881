import { compareDates, isIsoDate } from '../calendar/calendar-date.js';
import type { IsoDate } from '../calendar/calendar-date.js';
import type { Actor, CaseEventInput, CaseState, Obligation, ObligationKind, RuleId, SchemeId } from '../case.js';
import type { ReminderRule } from '../reminders.js';
import type { ContactDirectory } from './contacts.js';
import type { Locale } from '../locale.js';
import type { EscalationKind, EscalationRule, EscalationStage } from './escalating.js';
import type { QuestionVocabulary } from './questions.js';
import type { Policy } from '../policy.js';
import { fail, ok } from '../result.js';
import type { DomainError, Result } from '../result.js';
import type { WorkingDayCalendar } from '../calendar/working-days.js';

export interface StageSpec {
  readonly id: string;
  /** Position on the scheme's main line; side stages share the position of the stage they hang off. */
  readonly order: number;
  readonly terminal?: boolean;
  /** Who acts next in this stage (absent for terminal stages). */
  readonly nextActor?: Actor;
  readonly rules: readonly RuleId[];
}

export interface EventSpec {
  readonly rules: readonly RuleId[];
  /** The stages in which the event may be recorded. */
  readonly from: readonly string[];
  /** Conditions on the event's own facts and the case's facts; always checked. */
  readonly validate?: (state: CaseState, event: CaseEventInput) => DomainError | null;
  /** Conditions on the order of steps within the stage; moot when a history jumps past unrecorded steps. */
  readonly guard?: (state: CaseState, event: CaseEventInput) => DomainError | null;
  /**
   * The obligation kinds this event fulfils. No event removes an obligation unless it fulfils it or
   * is a recorded staff decision (docs/rules.md, "No deadline disappears"); a property test holds
   * every scheme to it.
   */
  readonly meets?: readonly ObligationKind[];
  /** A recorded staff decision (a refusal, a cancellation, a new certificate): it may end any obligation. */
  readonly decision?: boolean;
  /**
   * The certificate's own end at its expiry (CN-11, WA-9: a certificate not renewed lapses): nothing
   * more is owed on it, so it may end any obligation of the certificate, as a decision may.
   */
  readonly lapse?: boolean;
  /** The state after the event; the engine has already checked stage, date order and guard. */
  readonly evolve: (state: CaseState, event: CaseEventInput, policy: Policy) => CaseState;
}

/** What the rules need besides the case itself. Deliberately no "today": obligations are stored. */
export interface PlanContext {
  /** The ref of the case being planned. */
  readonly ref: string;
  readonly calendar: WorkingDayCalendar;
  readonly policy: Policy;
  /** Other cases of the same organisation under the same scheme (WA-6 looks at them). */
  readonly siblings: readonly { readonly ref: string; readonly state: CaseState }[];
}

/** An obligation kind as its scheme declares it. */
export interface ObligationKindSpec {
  readonly id: ObligationKind;
  /** A proposal to staff (WA-12 revocation review): never shown to applicants. */
  readonly staffOnly?: boolean;
  /**
   * A staff-side deadline the applicant must still be told about, in digests and reminders, because
   * it is theirs to prevent (WA-11: a suspension ends in revocation unless the holder corrects).
   */
  readonly toldToApplicant?: boolean;
  /** Something that happened, told once (an expired certificate), not a deadline: its date is when it happened. */
  readonly notice?: boolean;
  /** The default reminder schedule of an applicant-side kind; configuration may replace it. */
  readonly reminders?: ReminderRule;
}

/** What a certificate row shows, from the stage of its case. */
export type CertificateStatus = 'valid' | 'under-review' | 'suspended' | 'revoked' | 'cancelled' | 'expired' | 'renewing';

/** A scheme's words, merged into the shared locales at start; keys are full paths ("stage.wal.certified"). */
export type LocaleFragment = Readonly<Record<string, unknown>>;

export interface Scheme {
  readonly id: SchemeId;
  /** The letters of its rule ids in docs/rules.md ("CN" of CN-12); unique among schemes. */
  readonly rulePrefix: string;
  readonly levels: readonly number[];
  readonly serviceTypes: readonly string[] | null;
  /** Stages, their order on the main line being the order they are displayed in. */
  readonly stages: readonly StageSpec[];
  readonly events: Readonly<Record<string, EventSpec>>;
  readonly initialStage: string;
  /** Its obligation kinds, in the order a reader expects them (digests sort by it). */
  readonly obligationKinds: readonly ObligationKindSpec[];
  /** Every obligation the case owes, met ones left out, whatever the day. */
  obligations(state: CaseState, ctx: PlanContext): Obligation[];
  /** By obligation kind: when staff are told about it. */
  readonly escalations: Readonly<Record<ObligationKind, EscalationRule>>;
  /** The escalation kinds its rules raise, each with its stages in order (a later one supersedes an earlier). */
  readonly escalationStages: Readonly<Record<EscalationKind, readonly EscalationStage[]>>;
  certificateStatus(stage: string): CertificateStatus;
  /** Whom its applicants deal with (its folder's contacts.ts); a scheme without one sends applicants to the staff. */
  readonly contacts?: ContactDirectory;
  /** How a row of the certificate register (README, "Importing") becomes this scheme's events. */
  readonly register: { readonly lastCheckEvent: string };
  readonly questions: QuestionVocabulary;
  /** The explanation keys its obligations use and the error codes its events refuse with (for the locale check). */
  readonly explanationKeys: readonly string[];
  readonly errorCodes: readonly string[];
  readonly locale: Readonly<Record<Locale, LocaleFragment>>;
}

/** The event types that may be recorded in a stage (the scheme's own table). */
export function eventsAllowedIn(scheme: Scheme, stage: string): string[] {
  return Object.entries(scheme.events)
    .filter(([, spec]) => spec.from.includes(stage))
    .map(([type]) => type);
}

/**
 * How strictly stage order is checked. "live" is a person recording what just happened: the event
 * must be legal in the current stage. "history" is an import of a case whose earlier steps were
 * never recorded: an event may also jump forward along the main line, never backwards.
 */
export type RecordingMode = 'live' | 'history';

export function initialState(scheme: Scheme, level: number, serviceType: string | null): CaseState {
  return {
    scheme: scheme.id,
    stage: scheme.initialStage,
    level,
    serviceType,
    lastEventOn: null,
    certificate: null,
    on: {},
    marks: {},
  };
}

export function stageOf(scheme: Scheme, id: string): StageSpec {
  const stage = scheme.stages.find((s) => s.id === id);
  if (!stage) throw new Error(`scheme ${scheme.id} has no stage ${id}`);
  return stage;
}

/** Checks an event against the rules and returns the case's next state, or why it cannot be recorded. */
export function applyEvent(
  scheme: Scheme,
  state: CaseState,
  event: CaseEventInput,
  policy: Policy,
  mode: RecordingMode,
): Result<CaseState> {
  if (event.type === LEVEL_CHANGED) return changeLevel(scheme, state, event);
  const spec = scheme.events[event.type];
  if (!spec) {
    return fail('event/unknown', { event: event.type, scheme: scheme.id, known: Object.keys(scheme.events).join(', ') });
  }
  if (!isIsoDate(event.date)) return fail('date/invalid', { value: event.date });
  const stage = stageOf(scheme, state.stage);
  if (stage.terminal) return fail('case/closed', { stage: stage.id, event: event.type });
  if (state.lastEventOn && compareDates(event.date, state.lastEventOn) < 0) {
    return fail('event/before-previous', { event: event.type, date: event.date, previous: state.lastEventOn });
  }
  const jumped = !spec.from.includes(stage.id);
  if (jumped && !(mode === 'history' && isForwardJump(scheme, stage, spec))) {
    return fail('event/illegal-in-stage', { event: event.type, stage: stage.id, allowed: spec.from.join(', ') });
  }
  // A history that jumps ahead is taken to have passed through the steps it does not record.
  const at = jumped ? moveTo(state, earliestStage(scheme, spec.from)) : state;
  const refused = spec.validate?.(at, event) ?? (jumped ? null : spec.guard?.(at, event));
  if (refused) return { ok: false, error: refused };
  const next = spec.evolve(at, event, policy);
  return ok({ ...next, lastEventOn: event.date });
}

/**
 * An event of every scheme: the level corrected by staff (an import whose register gives another
 * level, applied on purpose). It keeps the stage; the certificate, if any, takes the new level.
 */
export const LEVEL_CHANGED = 'level-changed';

function changeLevel(scheme: Scheme, state: CaseState, event: CaseEventInput): Result<CaseState> {
  if (!isIsoDate(event.date)) return fail('date/invalid', { value: event.date });
  const stage = stageOf(scheme, state.stage);
  if (stage.terminal) return fail('case/closed', { stage: stage.id, event: event.type });
  if (state.lastEventOn && compareDates(event.date, state.lastEventOn) < 0) {
    return fail('event/before-previous', { event: event.type, date: event.date, previous: state.lastEventOn });
  }
  const level = event.data?.level;
  if (level === undefined || !scheme.levels.includes(level)) {
    return fail('level/invalid', { value: String(level ?? ''), scheme: scheme.id, levels: scheme.levels.join(', ') });
  }
  return ok({ ...state, level, certificate: state.certificate && { ...state.certificate, level }, lastEventOn: event.date });
}

function isForwardJump(scheme: Scheme, current: StageSpec, spec: EventSpec): boolean {
  return spec.from.every((id) => stageOf(scheme, id).order > current.order);
}

function earliestStage(scheme: Scheme, ids: readonly string[]): string {
  return ids.map((id) => stageOf(scheme, id)).reduce((a, b) => (b.order < a.order ? b : a)).id;
}

/** Folds a whole history; the first refused event stops it, with its position. */
export function foldEvents(
  scheme: Scheme,
  start: CaseState,
  events: readonly CaseEventInput[],
  policy: Policy,
  mode: RecordingMode,
): Result<CaseState, DomainError & { readonly index: number }> {
  let state = start;
  for (const [index, event] of events.entries()) {
    const result = applyEvent(scheme, state, event, policy, mode);
    if (!result.ok) return { ok: false, error: { ...result.error, index } };
    state = result.value;
  }
  return ok(state);
}

/** The new state with some fact dates set (and others cleared with null). */
export function withDates(state: CaseState, dates: Record<string, IsoDate | null>): CaseState {
  const on: Record<string, IsoDate> = { ...state.on };
  for (const [name, date] of Object.entries(dates)) {
    if (date === null) delete on[name];
    else on[name] = date;
  }
  return { ...state, on };
}

export function withMarks(state: CaseState, marks: Record<string, number | null>): CaseState {
  const next: Record<string, number> = { ...state.marks };
  for (const [name, value] of Object.entries(marks)) {
    if (value === null) delete next[name];
    else next[name] = value;
  }
  return { ...state, marks: next };
}

export function moveTo(state: CaseState, stage: string): CaseState {
  return { ...state, stage };
}
