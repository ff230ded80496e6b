import { Provider } from '@urql/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { createClient } from './api/client';
import { LanguageSwitcher } from './components/LanguageSwitcher';
import { SearchBox } from './components/SearchBox';
import { LangContext, loadLanguage, saveLanguage, strings, uiDirection, type Lang } from './i18n';
import { ArticlePage } from './pages/ArticlePage';
import { CountryPage } from './pages/CountryPage';
import { FrontPage } from './pages/FrontPage';
import { SearchPage } from './pages/SearchPage';
import { SpeakerPage } from './pages/SpeakerPage';
import { href, useRoute } from './router';

export function App() {
  const client = useMemo(() => createClient(), []);
  const [lang, setLang] = useState<Lang>(loadLanguage);
  const route = useRoute();
  const t = strings(lang);

  useEffect(() => {
    // The interface follows the reader's language; articles keep their own lang and dir.
    document.documentElement.lang = lang;
    document.documentElement.dir = uiDirection(lang);
    document.title = t.title;
  }, [lang, t]);

  const changeLanguage = (next: Lang) => {
    saveLanguage(next);
    setLang(next);
  };

  return (
    <Provider value={client}>
      <LangContext.Provider value={lang}>
        <header class="masthead">
          <a class="home" href={href.front()}>
            {t.title}
          </a>
          <SearchBox />
          <LanguageSwitcher onChange={changeLanguage} />
        </header>
        <main>
          {route.page === 'front' && <FrontPage />}
          {route.page === 'article' && <ArticlePage slug={route.slug} />}
          {route.page === 'speaker' && <SpeakerPage id={route.id} />}
          {route.page === 'country' && <CountryPage code={route.code} />}
          {route.page === 'search' && <SearchPage query={route.query} />}
        </main>
      </LangContext.Provider>
    </Provider>
  );
}
