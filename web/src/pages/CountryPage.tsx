import { useQuery } from '@urql/preact';
import { CountryQuery, CountryStatementsQuery } from '../api/operations';
import { useLang, useStrings } from '../i18n';
import { href } from '../router';
import { ErrorMessage, Foreign, LoadMore, Loading, PagedList, type PageProps } from '../components/common';
import { StatementItem } from '../components/StatementItem';

const PAGE_SIZE = 10;

export function CountryPage({ code }: { code: string }) {
  const lang = useLang();
  const t = useStrings();
  const [result] = useQuery({ query: CountryQuery, variables: { code, lang } });
  if (result.error) return <ErrorMessage error={result.error} />;
  if (!result.data) return <Loading />;
  const country = result.data.country;
  if (!country) return <p class="status">{t.notFound}</p>;


  return (
    <section class="country-page" data-country={country.code}>
      <h1>
        {country.name} <small>{country.code} · {country.alpha3}</small>
      </h1>
      {country.speakers.totalCount > 0 && (
        <>
          <h2>
            {t.speakers} ({country.speakers.totalCount})
          </h2>
          <ul class="speakers">
            {country.speakers.nodes.map((speaker) => (
              <li key={speaker.id}>
                <a href={href.speaker(speaker.id)}>{speaker.name}</a>
                {speaker.role && ` · ${speaker.role}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {country.articles.totalCount > 0 && (
        <>
          <h2>
            {t.articles} ({country.articles.totalCount})
          </h2>
          <ul class="articles">
            {country.articles.nodes.map((article) => (
              <li key={article.id}>
                <a href={href.article(article.slug)}>
                  <Foreign lang={article.language} direction={article.direction}>
                    {article.headline}
                  </Foreign>
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t.statements}</h2>
      <ol class="statements">
        <PagedList page={CountryStatementsPage} params={{ code }} resetKey={`${code}|${lang}`} />
      </ol>
    </section>
  );
}

function CountryStatementsPage({ after, last, more, code }: PageProps & { code: string }) {
  const t = useStrings();
  const lang = useLang();
  const [page] = useQuery({ query: CountryStatementsQuery, variables: { code, lang, first: PAGE_SIZE, after } });
  if (page.error) return <li><ErrorMessage error={page.error} /></li>;
  const statements = page.data?.country?.statements;
  if (!statements) return <li><Loading /></li>;
  if (after === null && statements.nodes.length === 0) return <li class="empty">{t.noStatements}</li>;
  return (
    <>
      {statements.nodes.map((statement) => (
        <StatementItem key={statement.id} statement={statement} />
      ))}
      <LoadMore show={last && statements.pageInfo.hasNextPage} cursor={statements.pageInfo.endCursor} more={more} />
    </>
  );
}
