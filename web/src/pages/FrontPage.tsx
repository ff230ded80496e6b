import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { useCountries } from '../api/countries';
import { FrontPageQuery } from '../api/operations';
import { useLang, useStrings } from '../i18n';
import { href } from '../router';
import type { ArticleFilter } from '../gql/graphql';
import { ErrorMessage, Foreign, LoadMore, Loading, PagedList, formatDate, type PageProps } from '../components/common';

const PAGE_SIZE = 10;
/** Article languages offered in the filter (BCP-47; 'ur' also matches 'ur-PK' on the server). */
const ARTICLE_LANGUAGES = [
  { tag: 'ur', name: 'اردو' },
  { tag: 'en', name: 'English' },
];

export function FrontPage() {
  const lang = useLang();
  const t = useStrings();
  const countries = useCountries(lang);
  const [language, setLanguage] = useState('');
  const [country, setCountry] = useState('');
  const filter = { ...(language && { language }), ...(country && { country }) };

  return (
    <section class="front">
      <h1>{t.newest}</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t.language}{' '}
          <select data-testid="filter-language" value={language} onChange={(e) => setLanguage(e.currentTarget.value)}>
            <option value="">{t.allLanguages}</option>
            {ARTICLE_LANGUAGES.map((l) => (
              <option key={l.tag} value={l.tag} lang={l.tag}>
                {l.name}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t.country}{' '}
          <select data-testid="filter-country" value={country} onChange={(e) => setCountry(e.currentTarget.value)}>
            <option value="">{t.allCountries}</option>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ol class="articles">
        <PagedList page={ArticlesPage} params={{ filter }} resetKey={`${language}|${country}|${lang}`} />
      </ol>
    </section>
  );
}

function ArticlesPage({ after, last, more, filter }: PageProps & { filter: ArticleFilter }) {
  const lang = useLang();
  const t = useStrings();
  const [result] = useQuery({ query: FrontPageQuery, variables: { first: PAGE_SIZE, after, filter, lang } });
  if (result.error) return <li><ErrorMessage error={result.error} /></li>;
  const articles = result.data?.articles;
  if (!articles) return <li><Loading /></li>;
  if (after === null && articles.edges.length === 0) return <li class="empty">{t.noArticles}</li>;
  return (
    <>
      {articles.edges.map(({ node: article }) => (
        <li key={article.id} class="article-teaser" data-slug={article.slug}>
          <h2>
            <a href={href.article(article.slug)}>
              <Foreign lang={article.language} direction={article.direction}>
                {article.headline}
              </Foreign>
            </a>
          </h2>
          <p class="meta">
            {formatDate(article.firstPublishedAt, lang)}
            {article.attributionSource && ` · ${article.attributionSource}`}
            {` · ${article.statements.totalCount} ${t.statements}`}
            {article.countries.map((c) => (
              <>
                {' · '}
                <a key={c.code} href={href.country(c.code)}>
                  {c.name}
                </a>
              </>
            ))}
          </p>
        </li>
      ))}
      <LoadMore show={last && articles.pageInfo.hasNextPage} cursor={articles.pageInfo.endCursor} more={more} />
    </>
  );
}

