// What an applicant's plain question is about, in Chinese or English ("我的证书什么时候到期？",
// "when is my annual inspection"). Keyword scoring, not language understanding: a specific topic
// (expiry, inspection, renewal…) outweighs the generic words that come with it ("when", "什么时候"),
// and a question that matches nothing is left to the caller's menu.
import type { ObligationKind } from './case.js';

export type QuestionIntent =
  | 'certificate-expiry'
  | 'inspection'
  | 'renewal'
  | 'pledge'
  | 'next-step'
  | 'deadlines'
  | 'status'
  | 'contact'
  | 'stages'
  | 'help';

interface Cue {
  readonly pattern: RegExp;
  readonly weight: number;
}

// Specific topics weigh 3, the question's shape (next step, whom to call) 2, generic words 1.
const cues: Readonly<Record<QuestionIntent, readonly Cue[]>> = {
  'certificate-expiry': [
    { pattern: /到期|过期|有效期|失效|期满/, weight: 3 },
    { pattern: /\b(expir\w*|valid until|validity|lapse\w*)\b/, weight: 3 },
  ],
  inspection: [
    { pattern: /年检|年审|监督审核|监督|审核/, weight: 3 },
    { pattern: /\b(annual inspection|inspection|inspect|surveillance|audit\w*)\b/, weight: 3 },
  ],
  renewal: [
    { pattern: /续期|续证|换证|维持|再认证|延续/, weight: 3 },
    { pattern: /\b(renew\w*|recertif\w*|extend|extension)\b/, weight: 3 },
  ],
  pledge: [
    { pattern: /承诺书|承诺/, weight: 3 },
    { pattern: /\b(pledge|undertaking)\b/, weight: 3 },
  ],
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
const order = Object.keys(cues) as QuestionIntent[];

export function matchQuestion(text: string): QuestionIntent | null {
  const question = text.toLowerCase().normalize('NFKC');
  let best: QuestionIntent | null = null;
  let bestScore = 0;
  for (const intent of order) {
    const score = cues[intent].reduce((sum, cue) => sum + (cue.pattern.test(question) ? cue.weight : 0), 0);
    if (score > bestScore) {
      best = intent;
      bestScore = score;
    }
  }
  return best;
}

/** The obligations that answer a question about one topic. */
export const intentKinds: Partial<Readonly<Record<QuestionIntent, readonly ObligationKind[]>>> = {
  inspection: ['annual-inspection', 'surveillance-info', 'surveillance-audit'],
  renewal: ['renewal'],
  pledge: ['pledge'],
};

/**
 * Obligations an applicant sees: their own, and the certification body's timeline for their case
 * (CN-6, CN-7 review periods, WA-11 suspension). A revocation review (WA-10, WA-12) is a proposal to
 * staff, who decide; it is theirs to raise, not the assistant's.
 */
export function shownToApplicant(kind: ObligationKind): boolean {
  return kind !== 'revocation-review';
}
