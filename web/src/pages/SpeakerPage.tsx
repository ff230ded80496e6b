import { useQuery } from '@urql/preact';
import { SpeakerQuery, SpeakerStatementsQuery } from '../api/operations';
import { useLang, useStrings } from '../i18n';
import { href } from '../router';
import { ErrorMessage, LoadMore, Loading, PagedList, type PageProps } from '../components/common';
import { StatementItem } from '../components/StatementItem';

const PAGE_SIZE = 10;

export function SpeakerPage({ id }: { id: string }) {
  const lang = useLang();
  const t = useStrings();
  const [result] = useQuery({ query: SpeakerQuery, variables: { id, lang } });
  if (result.error) return <ErrorMessage error={result.error} />;
  if (!result.data) return <Loading />;
  const speaker = result.data.node;
  if (speaker?.__typename !== 'Speaker') return <p class="status">{t.notFound}</p>;


  const originalDiffers = speaker.originalName !== speaker.name;
  return (
    <section class="speaker-page" data-speaker-id={speaker.id}>
      <h1>
        {speaker.name}
        {originalDiffers && (
          <>
            {' '}
            <small lang={speaker.nameLanguage} dir="auto">
              (<bdi>{speaker.originalName}</bdi>)
            </small>
          </>
        )}
      </h1>
      <p class="meta">
        {[speaker.role, speaker.affiliation].filter(Boolean).join(', ')}
        {speaker.country && (
          <>
            {' · '}
            <a href={href.country(speaker.country.code)}>{speaker.country.name}</a>
          </>
        )}
      </p>
      <h2>{t.statements}</h2>
      <ol class="statements">
        <PagedList page={SpeakerStatementsPage} params={{ id }} resetKey={`${id}|${lang}`} />
      </ol>
    </section>
  );
}

function SpeakerStatementsPage({ after, last, more, id }: PageProps & { id: string }) {
  const lang = useLang();
  const [page] = useQuery({ query: SpeakerStatementsQuery, variables: { id, lang, first: PAGE_SIZE, after } });
  if (page.error) return <li><ErrorMessage error={page.error} /></li>;
  const node = page.data?.node;
  if (!node) return <li><Loading /></li>;
  if (node.__typename !== 'Speaker') return null;
  const statements = node.statements;
  return (
    <>
      {statements.nodes.map((statement) => (
        <StatementItem key={statement.id} statement={statement} />
      ))}
      <LoadMore show={last && statements.pageInfo.hasNextPage} cursor={statements.pageInfo.endCursor} more={more} />
    </>
  );
}
