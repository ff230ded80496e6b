import { useQuery, useSubscription } from '@urql/preact';
import { useEffect, useState } from 'preact/hooks';
import { FROM_THE_SERVICE } from '../api/client';
import { ArticleByIdQuery, ArticleQuery, ArticleUpdatedSubscription } from '../api/operations';
import type { ArticleQuery as ArticleResult } from '../gql/graphql';
import { useLang, useStrings } from '../i18n';
import { kindLabel } from '../kinds';
import { href } from '../router';
import { segments } from '../text/highlight';
import { ErrorMessage, Loading, dir, formatDate } from '../components/common';

type Article = NonNullable<ArticleResult['article']>;
type Statement = Article['statements']['nodes'][number];

/**
 * The server's page limit: the reader asks for an article's statements in one page, which holds
 * every article so far (the seed has 17); beyond it, the list says how many it shows.
 */
const STATEMENTS_PER_ARTICLE = 100;

export function ArticlePage({ slug }: { slug: string }) {
  const lang = useLang();
  const t = useStrings();
  const [result, reexecute] = useQuery({ query: ArticleQuery, variables: { slug, lang, first: STATEMENTS_PER_ARTICLE } });
  // The ID seen last: it outlives the slug, which readers can no longer resolve once withdrawn.
  const [id, setId] = useState<string | null>(null);
  const loadedId = result.data?.article?.id;
  useEffect(() => {
    if (loadedId) setId(loadedId);
  }, [loadedId]);
  // Live update: each articleUpdated event (scalars only) re-runs the article query from the service itself.
  const [live] = useSubscription({ query: ArticleUpdatedSubscription, variables: { id: id ?? '' }, pause: !id });
  const [updates, setUpdates] = useState(0);
  const event = live.data?.articleUpdated;
  const gone = Boolean(id && result.data && !result.data.article);
  const [withdrawnResult, reexecuteById] = useQuery({ query: ArticleByIdQuery, variables: { id: id ?? '' }, pause: !gone });
  useEffect(() => {
    if (!event) return;
    setUpdates((n) => n + 1);
    reexecute(FROM_THE_SERVICE);
    if (gone) reexecuteById(FROM_THE_SERVICE);
  }, [event, reexecute]);
  if (result.error) return <ErrorMessage error={result.error} />;
  if (!result.data) return <Loading />;
  const article = result.data.article;
  if (!article) {
    const withdrawn = withdrawnResult.data?.node?.__typename === 'Article' ? withdrawnResult.data.node : null;
    if (gone && withdrawn && withdrawn.status === 'WITHDRAWN') {
      return (
        <div class="article-page">
          <article lang={withdrawn.language} dir={dir(withdrawn.direction)} data-slug={withdrawn.slug} data-live-updates={updates}>
            <p class="notice withdrawn" role="note" lang={lang} dir="auto">
              {t.withdrawn}
              {withdrawn.withdrawalReason && (
                <>
                  {` ${t.withdrawalReason} `}
                  <bdi lang={withdrawn.language} class="withdrawal-reason">
                    {withdrawn.withdrawalReason}
                  </bdi>
                </>
              )}
            </p>
            <h1>{withdrawn.headline}</h1>
          </article>
        </div>
      );
    }
    if (gone && withdrawnResult.fetching) return <Loading />;
    return <p class="status">{t.notFound}</p>;
  }

  const statements = article.statements.nodes;
  const byId = new Map(statements.map((s) => [s.id, s]));
  const editorialHeadline = article.editorialAdditions.includes('HEADLINE');

  return (
    <div class="article-page">
      <article lang={article.language} dir={dir(article.direction)} data-slug={article.slug} data-version={String(article.version)} data-live-updates={updates}>
        {updates > 0 && (
          <p class="notice live" role="status" lang={lang} dir="auto">
            {t.liveUpdated}
          </p>
        )}
        {article.status === 'WITHDRAWN' && (
          <p class="notice withdrawn" role="note" lang={lang} dir="auto">
            {t.withdrawn}
            {article.withdrawalReason && (
              <>
                {` ${t.withdrawalReason} `}
                <bdi lang={article.language} class="withdrawal-reason">
                  {article.withdrawalReason}
                </bdi>
              </>
            )}
          </p>
        )}
        {article.corrections.length > 0 && (
          <section class="notice corrections" lang={lang} dir="auto" aria-label={t.corrections}>
            <h2>{t.corrections}</h2>
            <ol>
              {article.corrections.map((correction) => (
                <li key={correction.id} class="correction" data-version={String(correction.version)}>
                  {t.correction} · {formatDate(correction.changedAt, lang)}
                  {correction.correctionNote && (
                    <>
                      {': '}
                      <bdi lang={article.language}>{correction.correctionNote}</bdi>
                    </>
                  )}
                </li>
              ))}
            </ol>
          </section>
        )}
        <h1 class={editorialHeadline ? 'editorial' : undefined}>{article.headline}</h1>
        <p class="meta" lang={lang} dir="auto">
          {editorialHeadline && <span class="badge">{t.editorialHeadline}</span>}
          {article.firstPublishedAt && ` ${t.published} ${formatDate(article.firstPublishedAt, lang)}`}
          {` · ${t.updated} ${formatDate(article.lastUpdatedAt, lang)}`}
          {article.attributionSource && ` · ${article.attributionSource}`}
        </p>
        {article.paragraphs.map((paragraph) => (
          <p key={paragraph.position} data-paragraph={paragraph.position}>
            {segments(
              paragraph.text,
              statements.filter((s) => s.paragraph === paragraph.position),
            ).map((segment) =>
              segment.ids.length === 0 ? (
                segment.text
              ) : (
                <Highlight key={segment.start} text={segment.text} start={segment.start} end={segment.end} statements={segment.ids.map((id) => byId.get(id)!)} />
              ),
            )}
          </p>
        ))}
      </article>
      <aside class="statements">
        <h2>
          {t.statements} ({article.statements.totalCount})
        </h2>
        {article.statements.pageInfo.hasNextPage && (
          <p class="status">
            {statements.length} / {article.statements.totalCount}
          </p>
        )}
        <ol>
          {statements.map((statement) => (
            <StatementCard key={statement.id} statement={statement} articleLang={article.language} articleDir={dir(article.direction)} paragraphs={article.paragraphs} />
          ))}
        </ol>
      </aside>
    </div>
  );
}

function Highlight({ text, start, end, statements }: { text: string; start: number; end: number; statements: Statement[] }) {
  const lang = useLang();
  const title = statements.map((s) => `${s.speaker.name} (${kindLabel(s.kind, lang)})`).join(' · ');
  const shared = statements.length > 1;
  return (
    <mark
      class={shared ? 'statement shared' : 'statement'}
      data-statement-ids={statements.map((s) => s.id).join(' ')}
      data-start={start}
      data-end={end}
      title={title}
      tabIndex={0}
      onClick={() => document.getElementById(cardId(statements[0]!.id))?.scrollIntoView({ behavior: 'smooth', block: 'center' })}
    >
      {text}
    </mark>
  );
}

function StatementCard({
  statement,
  articleLang,
  articleDir,
  paragraphs,
}: {
  statement: Statement;
  articleLang: string;
  articleDir: 'rtl' | 'ltr';
  paragraphs: Article['paragraphs'];
}) {
  const lang = useLang();
  const t = useStrings();
  // The quote is cut from the paragraph by the API's positions: the same text the highlight shows.
  const paragraph = paragraphs.find((p) => p.position === statement.paragraph);
  const quote = paragraph?.text.slice(statement.start, statement.end) ?? '';
  return (
    <li id={cardId(statement.id)} class="statement-card" data-statement-id={statement.id}>
      <blockquote lang={articleLang} dir={articleDir}>
        {quote}
      </blockquote>
      <p class="meta">
        <a class="speaker" href={href.speaker(statement.speaker.id)}>
          {statement.speaker.name}
        </a>
        {statement.speaker.role && <span class="role"> · {statement.speaker.role}</span>}
        {' · '}
        <span class="kind" data-kind={statement.kind}>
          {kindLabel(statement.kind, lang)}
        </span>
        {statement.countries.map((country) => (
          <>
            {' · '}
            <a key={country.code} class="country" href={href.country(country.code)}>
              {country.name}
            </a>
          </>
        ))}
        {statement.reportedVia && ` · ${t.reportedVia} ${statement.reportedVia}`}
      </p>
    </li>
  );
}

function cardId(statementId: string): string {
  return `statement-${statementId}`;
}
