// What an applicant's plain question is about, in Chinese or English ("我的证书什么时候到期？",
// "when is my annual inspection"). Keyword scoring, not language understanding: a specific topic
// (expiry, inspection, renewal…) outweighs the generic words that come with it ("when", "什么时候"),
// and a question that matches nothing is left to the caller's menu. The topic words of each scheme
// live in its folder (questions.ts); the generic ones here.
import type { ObligationKind } from './case.js';
import type { Cue, TopicIntent } from './schemes/questions.js';
import { allSchemes, findScheme } from './schemes/registry.js';

export type { TopicIntent } from './schemes/questions.js';

export type QuestionIntent = 'certificate-expiry' | TopicIntent | 'next-step' | 'deadlines' | 'status' | 'contact' | 'stages' | 'help';

const genericCues: Readonly<Record<QuestionIntent, readonly Cue[]>> = {
  'certificate-expiry': [
    { pattern: /到期|过期|有效期|失效|期满/, weight: 3 },
    { pattern: /\b(expir\w*|valid until|validity|lapse\w*)\b/, weight: 3 },
  ],
  inspection: [],
  renewal: [
    { pattern: /续期|续证|换证|维持|延续/, weight: 3 },
    { pattern: /\b(renew\w*|extend|extension)\b/, weight: 3 },
  ],
  pledge: [],
  'next-step': [
    { pattern: /下一步|接下来|做什么|怎么办|要做|需要做|该做|干什么|怎么做/, weight: 2 },
    { pattern: /\b(next step|next|what (do|should|must) (i|we)|to do|todo)\b/, weight: 2 },
  ],
  contact: [
    { pattern: /联系|电话|邮箱|传真|找谁|行协|协会|打给/, weight: 2 },
    { pattern: /\b(contact|phone|call|e-?mail|fax|whom|who do i|association)\b/, weight: 2 },
  ],
  deadlines: [
    { pattern: /截止|期限|什么时候|何时|哪天|几号|日期|多久|还有几天/, weight: 1 },
    { pattern: /\b(deadlines?|due|when|by when|date|how long|days left)\b/, weight: 1 },
  ],
  status: [
    { pattern: /进度|状态|进展|到哪|哪一步|阶段|情况|案件/, weight: 1 },
    { pattern: /\b(status|progress|where is|stage|how is|my case|application)\b/, weight: 1 },
  ],
  stages: [
    { pattern: /流程|步骤|程序/, weight: 2 },
    { pattern: /\b(process|procedure|steps|stages)\b/, weight: 2 },
  ],
  help: [
    { pattern: /帮助|菜单|功能|你能做|怎么用/, weight: 2 },
    { pattern: /\b(help|menu|what can you)\b/, weight: 2 },
  ],
};

/** Ties go to the earlier intent: the more specific answer is the more useful one. */
const order = Object.keys(genericCues) as QuestionIntent[];

function cuesOf(intent: QuestionIntent): Cue[] {
  const cues = [...genericCues[intent]];
  for (const scheme of allSchemes()) cues.push(...(scheme.questions[intent as TopicIntent]?.cues ?? []));
  return cues;
}

export function matchQuestion(text: string): QuestionIntent | null {
  const question = text.toLowerCase().normalize('NFKC');
  let best: QuestionIntent | null = null;
  let bestScore = 0;
  for (const intent of order) {
    // A cue counts once however many schemes share its words.
    const matched = new Set(cuesOf(intent).filter((cue) => cue.pattern.test(question)).map((cue) => `${cue.weight}:${cue.pattern.source}`));
    const score = [...matched].reduce((sum, key) => sum + Number(key.split(':')[0]), 0);
    if (score > bestScore) {
      best = intent;
      bestScore = score;
    }
  }
  return best;
}

/** The obligations of a case of the scheme that answer a question about a topic. */
export function topicKinds(scheme: string, intent: QuestionIntent): readonly ObligationKind[] {
  return findScheme(scheme)?.questions[intent as TopicIntent]?.kinds ?? [];
}

/**
 * Obligations an applicant sees: their own, and the certification body's timeline for their case
 * (review periods, suspensions). A kind the scheme marks staff-only (a revocation review is a proposal
 * to staff, who decide) is theirs to raise, not the assistant's.
 */
export function shownToApplicant(scheme: string, kind: ObligationKind): boolean {
  return !findScheme(scheme)?.obligationKinds.find((k) => k.id === kind)?.staffOnly;
}
