import { LANGUAGES, strings, useLang, useStrings, type Lang } from '../i18n';

export function LanguageSwitcher({ onChange }: { onChange: (lang: Lang) => void }) {
  const current = useLang();
  const t = useStrings();
  return (
    <label class="language">
      <span class="visually-hidden">{t.language}</span>
      <select data-testid="language" value={current} onChange={(e) => onChange(e.currentTarget.value as Lang)}>
        {LANGUAGES.map((lang) => (
          <option key={lang} value={lang} lang={lang}>
            {strings(lang).languageName}
          </option>
        ))}
      </select>
    </label>
  );
}
