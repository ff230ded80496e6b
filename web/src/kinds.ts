import type { StatementKind } from './gql/graphql';
import type { Lang } from './i18n';

/** What a statement does, in the reader's language. Exhaustive over the schema's enum. */
const KIND_LABELS: Record<Lang, Record<StatementKind, string>> = {
  en: {
    ASSESSMENT: 'assessment',
    CLAIM: 'claim',
    CONFIRMATION: 'confirmation',
    DENIAL: 'denial',
    NO_ANSWER: 'no answer',
    PREDICTION: 'prediction',
    PROMISE: 'promise',
    QUESTION: 'question',
    WARNING: 'warning',
  },
  ur: {
    ASSESSMENT: 'جائزہ',
    CLAIM: 'دعویٰ',
    CONFIRMATION: 'تصدیق',
    DENIAL: 'تردید',
    NO_ANSWER: 'جواب نہیں دیا',
    PREDICTION: 'پیش گوئی',
    PROMISE: 'وعدہ',
    QUESTION: 'سوال',
    WARNING: 'انتباہ',
  },
};

export function kindLabel(kind: StatementKind, lang: Lang): string {
  return KIND_LABELS[lang][kind];
}
