import type { CombinedError } from '@urql/core';
import type { ComponentChildren, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useStrings } from '../i18n';
import type { TextDirection } from '../gql/graphql';

export function Loading() {
  return <p class="status" role="status">{useStrings().loading}</p>;
}

export function ErrorMessage({ error }: { error: CombinedError }) {
  const t = useStrings();
  const codes = error.graphQLErrors.map((e) => e.extensions?.['code']).filter(Boolean);
  return (
    <p class="status error" role="alert">
      {t.error} {error.message}
      {codes.length > 0 && ` (${codes.join(', ')})`}
    </p>
  );
}

/** The HTML dir attribute for the API's TextDirection. */
export function dir(direction: TextDirection): 'rtl' | 'ltr' {
  return direction === 'RTL' ? 'rtl' : 'ltr';
}

/** Text in its own language and direction inside text of another (names, headlines). */
export function Foreign({ lang, direction, children }: { lang: string; direction: TextDirection; children: ComponentChildren }) {
  return (
    <bdi lang={lang} dir={dir(direction)}>
      {children}
    </bdi>
  );
}

export interface PageProps {
  after: string | null;
  last: boolean;
  more: (cursor: string) => void;
}

/**
 * A list read page by page with Relay cursors: each page is its own query (cached by urql), and
 * "load more" appends the next page after the last page's endCursor.
 */
export function PagedList<P extends object>({
  page: Page,
  params,
  resetKey,
}: {
  page: FunctionComponent<PageProps & P>;
  params: P;
  resetKey: string;
}) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  useEffect(() => setCursors([null]), [resetKey]);
  return (
    <>
      {cursors.map((after, i) => (
        <Page
          {...params}
          key={`${resetKey}:${after ?? ''}`}
          after={after}
          last={i === cursors.length - 1}
          more={(cursor) => setCursors((current) => [...current, cursor])}
        />
      ))}
    </>
  );
}

export function LoadMore({ show, cursor, more }: { show: boolean; cursor: string | null | undefined; more: (c: string) => void }) {
  const t = useStrings();
  if (!show || !cursor) return null;
  return (
    <li class="more">
      <button type="button" onClick={() => more(cursor)}>
        {t.loadMore}
      </button>
    </li>
  );
}

export function formatDate(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
}
