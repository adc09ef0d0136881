// The words of CNCE-NS applicants: the annual inspection (CN-12), renewal (CN-14), the pledge (CN-9).
import type { QuestionVocabulary } from '../questions.js';

export const questions: QuestionVocabulary = {
  inspection: {
    cues: [
      { pattern: /年检|年审/, weight: 3 },
      { pattern: /\b(annual inspection|inspection|inspect)\b/, weight: 3 },
    ],
    kinds: ['annual-inspection'],
  },
  renewal: { cues: [], kinds: ['renewal'] },
  pledge: {
    cues: [
      { pattern: /承诺书|承诺/, weight: 3 },
      { pattern: /\b(pledge|undertaking)\b/, weight: 3 },
    ],
    kinds: ['pledge'],
  },
};
