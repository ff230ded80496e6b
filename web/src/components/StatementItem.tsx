import { kindLabel } from '../kinds';
import { useLang, useStrings } from '../i18n';
import { href } from '../router';
import type { StatementInContextFragment } from '../gql/graphql';
import { Foreign, dir } from './common';

/** A statement away from its article (speaker and country pages): quote, speaker, kind, countries. */
export function StatementItem({ statement }: { statement: StatementInContextFragment }) {
  const lang = useLang();
  const t = useStrings();
  const article = statement.article;
  const headline = (
    <a href={href.article(article.slug)}>
      <Foreign lang={article.language} direction={article.direction}>
        {article.headline}
      </Foreign>
    </a>
  );
  return (
    <li class="statement" data-statement-id={statement.id}>
      <blockquote lang={article.language} dir={dir(article.direction)}>
        {statement.text}
      </blockquote>
      <p class="meta">
        <a href={href.speaker(statement.speaker.id)} class="speaker">
          {statement.speaker.name}
        </a>
        {' · '}
        <span class="kind" data-kind={statement.kind}>
          {kindLabel(statement.kind, lang)}
        </span>
        {statement.countries.map((country) => (
          <>
            {' · '}
            <a key={country.code} href={href.country(country.code)} class="country">
              {country.name}
            </a>
          </>
        ))}
        {statement.reportedVia && ` · ${t.reportedVia} ${statement.reportedVia}`}
      </p>
      <p class="source">
        {/* "in <headline>" in English, "<headline> میں" in Urdu (a postposition) */}
        {lang === 'ur' ? (
          <>
            {headline} {t.inArticle}
          </>
        ) : (
          <>
            {t.inArticle} {headline}
          </>
        )}
      </p>
    </li>
  );
}
