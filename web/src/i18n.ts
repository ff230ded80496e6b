import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** Languages the reader's interface speaks; the API localises names into the same languages. */
export const LANGUAGES = ['en', 'ur'] as const;
export type Lang = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'newsroom.reader.lang';

const STRINGS = {
  en: {
    languageName: 'English',
    title: 'Newsroom reader',
    newest: 'Newest articles',
    loadMore: 'Load more',
    loading: 'Loading…',
    allLanguages: 'All languages',
    allCountries: 'All countries',
    language: 'Language',
    country: 'Country',
    articles: 'Articles',
    statements: 'Statements',
    speakers: 'Speakers',
    speaker: 'Speaker',
    kind: 'Kind',
    countries: 'Countries',
    search: 'Search speakers and countries',
    noArticles: 'No articles.',
    noStatements: 'No statements.',
    notFound: 'Not found.',
    error: 'Something went wrong:',
    editorialHeadline: 'Headline written by the editors',
    withdrawn: 'This article has been withdrawn.',
    published: 'Published',
    updated: 'Updated',
    reportedVia: 'via',
    inArticle: 'in',
    of: 'of',
    total: 'total',
    home: 'Front page',
    searchResults: 'Search results',
    results: 'results',
    noResults: 'Nothing found.',
    article: 'Article',
    statement: 'Statement',
    corrections: 'Corrections',
    correction: 'Correction',
    withdrawalReason: 'Reason:',
    liveUpdated: 'This article was just updated.',
  },
  ur: {
    languageName: 'اردو',
    title: 'نیوز روم ریڈر',
    newest: 'تازہ ترین مضامین',
    loadMore: 'مزید دکھائیں',
    loading: 'لوڈ ہو رہا ہے…',
    allLanguages: 'تمام زبانیں',
    allCountries: 'تمام ممالک',
    language: 'زبان',
    country: 'ملک',
    articles: 'مضامین',
    statements: 'بیانات',
    speakers: 'مقررین',
    speaker: 'مقرر',
    kind: 'قسم',
    countries: 'ممالک',
    search: 'مقررین اور ممالک تلاش کریں',
    noArticles: 'کوئی مضمون نہیں۔',
    noStatements: 'کوئی بیان نہیں۔',
    notFound: 'نہیں ملا۔',
    error: 'خرابی:',
    editorialHeadline: 'سرخی ادارتی عملے نے لکھی',
    withdrawn: 'یہ مضمون واپس لے لیا گیا ہے۔',
    published: 'شائع',
    updated: 'تازہ کاری',
    reportedVia: 'بذریعہ',
    inArticle: 'میں',
    of: 'از',
    total: 'کل',
    home: 'صفحۂ اول',
    searchResults: 'تلاش کے نتائج',
    results: 'نتائج',
    noResults: 'کچھ نہیں ملا۔',
    article: 'مضمون',
    statement: 'بیان',
    corrections: 'تصحیحات',
    correction: 'تصحیح',
    withdrawalReason: 'وجہ:',
    liveUpdated: 'یہ مضمون ابھی تازہ کیا گیا۔',
  },
} satisfies Record<Lang, Record<string, string>>;

export type Strings = (typeof STRINGS)['en'];

export function strings(lang: Lang): Strings {
  return STRINGS[lang];
}

/** Writing direction of the interface in a language (the article's own comes from the API). */
export function uiDirection(lang: Lang): 'rtl' | 'ltr' {
  return lang === 'ur' ? 'rtl' : 'ltr';
}

/** The saved choice, else the browser's first language the reader speaks, else English. */
export function initialLanguage(saved: string | null, browser: readonly string[]): Lang {
  const known = (tag: string | null | undefined): Lang | undefined => {
    const primary = tag?.toLowerCase().split('-')[0];
    return LANGUAGES.find((lang) => lang === primary);
  };
  return known(saved) ?? browser.map(known).find((lang) => lang !== undefined) ?? 'en';
}

export function loadLanguage(): Lang {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    // storage can be unavailable (private mode); the browser's languages still apply
  }
  return initialLanguage(saved, navigator.languages ?? [navigator.language]);
}

export function saveLanguage(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not persisted; the choice still holds for this page
  }
}

export const LangContext = createContext<Lang>('en');

export function useLang(): Lang {
  return useContext(LangContext);
}

export function useStrings(): Strings {
  return strings(useLang());
}
