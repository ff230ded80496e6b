/**
 * Splits a paragraph into plain and highlighted segments from the statement positions the API
 * returns (UTF-16 offsets, as JavaScript strings count). The text is never searched: positions
 * are the only source of truth.
 *
 * Overlaps: the text is cut at every start and end, and each piece lists every statement that
 * covers it. Two statements with the same range therefore give ONE segment naming both (the seed
 * article has such a pair), and partly overlapping statements give a piece for each combination.
 */
export interface Span {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

export interface Segment {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The statements covering this piece, in the order given; empty for plain text. */
  readonly ids: readonly string[];
}

export function segments(text: string, spans: readonly Span[]): Segment[] {
  const valid = spans
    .map((span) => ({ ...span, start: clamp(span.start, text.length), end: clamp(span.end, text.length) }))
    .filter((span) => span.start < span.end);
  const cuts = [...new Set([0, text.length, ...valid.flatMap((span) => [span.start, span.end])])].sort((a, b) => a - b);

  const result: Segment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i]!;
    const end = cuts[i + 1]!;
    const ids = valid.filter((span) => span.start <= start && span.end >= end).map((span) => span.id);
    const previous = result[result.length - 1];
    if (previous && sameIds(previous.ids, ids)) {
      // adjacent pieces with the same statements (e.g. plain text split by an empty range) stay one
      result[result.length - 1] = { start: previous.start, end, text: text.slice(previous.start, end), ids };
    } else {
      result.push({ start, end, text: text.slice(start, end), ids });
    }
  }
  return result;
}

function clamp(offset: number, length: number): number {
  return Math.min(Math.max(0, Math.trunc(offset)), length);
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

export interface Snippet {
  readonly snippet: string;
  readonly snippetStart: number;
  readonly matches: readonly { readonly start: number; readonly end: number }[];
}

/**
 * A search snippet cut at the matches the API found: their offsets count in the whole field, so
 * they are moved by snippetStart into the snippet (matches outside it are clamped away). Marked
 * pieces have the id "match".
 */
export function snippetSegments({ snippet, snippetStart, matches }: Snippet): Segment[] {
  return segments(
    snippet,
    matches.map((match) => ({ id: 'match', start: match.start - snippetStart, end: match.end - snippetStart })),
  );
}
