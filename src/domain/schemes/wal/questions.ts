// The words of 网安联 applicants: surveillance (WA-4, WA-5, WA-8) and recertification (WA-9).
import type { QuestionVocabulary } from '../questions.js';

export const questions: QuestionVocabulary = {
  inspection: {
    cues: [
      { pattern: /监督审核|监督|审核/, weight: 3 },
      { pattern: /\b(surveillance|audit\w*)\b/, weight: 3 },
    ],
    kinds: ['surveillance-info', 'surveillance-audit'],
  },
  renewal: {
    cues: [
      { pattern: /再认证/, weight: 3 },
      { pattern: /\b(recertif\w*)\b/, weight: 3 },
    ],
    kinds: ['renewal'],
  },
};
