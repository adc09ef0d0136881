// The words by which an applicant asks about a topic. Generic words live in domain/question-intent.ts;
// a scheme adds its own ("年检" is CNCE-NS, "监督审核" is 网安联) and says which obligations answer.
import type { ObligationKind } from '../case.js';

/** Topics an obligation can answer; the assistant has one answer shape per topic. */
export type TopicIntent = 'inspection' | 'renewal' | 'pledge';

export interface Cue {
  readonly pattern: RegExp;
  /** Specific topics weigh 3, the question's shape (next step, whom to call) 2, generic words 1. */
  readonly weight: number;
}

export interface TopicVocabulary {
  readonly cues: readonly Cue[];
  /** The scheme's obligations that answer a question on the topic. */
  readonly kinds: readonly ObligationKind[];
}

export type QuestionVocabulary = Readonly<Partial<Record<TopicIntent, TopicVocabulary>>>;
