import { useQuery } from '@urql/preact';
import { SearchQuery } from '../api/operations';
import type { SearchQuery as SearchResult } from '../gql/graphql';
import { useLang, useStrings, type Strings } from '../i18n';
import { href } from '../router';
import { snippetSegments } from '../text/highlight';
import { ErrorMessage, Foreign, Loading } from '../components/common';

type Edge = SearchResult['search']['edges'][number];
type Highlight = Edge['highlights'][number];

const RESULTS_PER_PAGE = 20;

/** Results of search(query:): articles, statements and speakers, each with its matched passages. */
export function SearchPage({ query }: { query: string }) {
  const lang = useLang();
  const t = useStrings();
  const [result] = useQuery({ query: SearchQuery, variables: { query, lang, first: RESULTS_PER_PAGE } });
  return (
    <section class="search-page">
      <h1>
        {t.searchResults}: <bdi>{query}</bdi>
      </h1>
      {result.error && <ErrorMessage error={result.error} />}
      {!result.error && !result.data && <Loading />}
      {result.data && (
        <>
          <p class="status" data-testid="search-total">
            {result.data.search.totalCount} {t.results}
          </p>
          {result.data.search.edges.length === 0 && <p class="status">{t.noResults}</p>}
          <ol class="search-results">
            {result.data.search.edges.map((edge) => (
              <SearchHit key={edge.cursor} edge={edge} t={t} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function SearchHit({ edge, t }: { edge: Edge; t: Strings }) {
  const node = edge.node;
  let title = null;
  let textLang: string | undefined;
  let textDir: 'rtl' | 'ltr' | 'auto' = 'auto';
  if (node.__typename === 'Article') {
    textLang = node.language;
    textDir = node.direction === 'RTL' ? 'rtl' : 'ltr';
    title = (
      <a href={href.article(node.slug)}>
        <Foreign lang={node.language} direction={node.direction}>
          {node.headline}
        </Foreign>
      </a>
    );
  } else if (node.__typename === 'Statement') {
    textLang = node.article.language;
    textDir = node.article.direction === 'RTL' ? 'rtl' : 'ltr';
    title = (
      <>
        <a href={href.speaker(node.speaker.id)}>{node.speaker.name}</a>
        {' · '}
        <a href={href.article(node.article.slug)}>
          <Foreign lang={node.article.language} direction={node.article.direction}>
            {node.article.headline}
          </Foreign>
        </a>
      </>
    );
  } else if (node.__typename === 'Speaker') {
    title = <a href={href.speaker(node.id)}>{node.name}</a>;
  }
  const typeLabel = edge.type === 'ARTICLE' ? t.article : edge.type === 'STATEMENT' ? t.statement : t.speaker;
  return (
    <li class="search-result" data-type={edge.type} data-id={node.id}>
      <p class="meta">
        <span class="badge">{typeLabel}</span> {title}
      </p>
      {edge.highlights.map((highlight) => (
        <SnippetText
          key={highlight.field}
          highlight={highlight}
          lang={highlight.field === 'LATIN_NAME' ? 'en' : textLang}
          dir={highlight.field === 'LATIN_NAME' ? 'ltr' : textDir}
        />
      ))}
    </li>
  );
}

/** A snippet with its matches marked at the API's offsets (never by searching the text). */
function SnippetText({ highlight, lang, dir }: { highlight: Highlight; lang: string | undefined; dir: 'rtl' | 'ltr' | 'auto' }) {
  return (
    <p class="snippet" data-field={highlight.field} lang={lang} dir={dir}>
      {highlight.snippetStart > 0 && '… '}
      {snippetSegments(highlight).map((segment) =>
        segment.ids.length === 0 ? (
          segment.text
        ) : (
          <mark key={segment.start} class="match" data-start={segment.start + highlight.snippetStart}>
            {segment.text}
          </mark>
        ),
      )}
    </p>
  );
}
