import { graphql } from '../gql';

// Every operation the reader sends. graphql-codegen validates them against ../schema.graphql
// (the committed contract) and generates their result and variable types.

export const FrontPageQuery = graphql(`
  query FrontPage($first: Int!, $after: String, $filter: ArticleFilter, $lang: String!) {
    articles(first: $first, after: $after, filter: $filter) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          slug
          headline
          language
          direction
          firstPublishedAt
          attributionSource
          countries {
            code
            name(lang: $lang)
          }
          statements(first: 1) {
            totalCount
          }
        }
      }
    }
  }
`);

export const ArticleQuery = graphql(`
  query Article($slug: String!, $lang: String!, $first: Int!, $after: String) {
    article(slug: $slug) {
      id
      slug
      headline
      language
      direction
      status
      withdrawalReason
      version
      editorialAdditions
      corrections {
        id
        changedAt
        changedFields
        correctionNote
        version
      }
      firstPublishedAt
      lastUpdatedAt
      attributionSource
      countries {
        code
        name(lang: $lang)
      }
      paragraphs {
        position
        text
      }
      statements(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          paragraph
          start
          end
          kind
          reportedVia
          speaker {
            id
            name(lang: $lang)
            role
            affiliation
          }
          countries {
            code
            name(lang: $lang)
          }
        }
      }
    }
  }
`);

export const SpeakerQuery = graphql(`
  query Speaker($id: ID!, $lang: String!) {
    node(id: $id) {
      __typename
      ... on Speaker {
        id
        name(lang: $lang)
        originalName
        nameLanguage
        latinName
        kind
        role
        affiliation
        wikidataQid
        country {
          code
          name(lang: $lang)
        }
      }
    }
  }
`);

export const SpeakerStatementsQuery = graphql(`
  query SpeakerStatements($id: ID!, $lang: String!, $first: Int!, $after: String) {
    node(id: $id) {
      __typename
      ... on Speaker {
        id
        statements(first: $first, after: $after) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            ...StatementInContext
          }
        }
      }
    }
  }
`);

export const CountryQuery = graphql(`
  query Country($code: String!, $lang: String!) {
    country(code: $code) {
      id
      code
      alpha3
      name(lang: $lang)
      speakers(first: 50) {
        totalCount
        nodes {
          id
          name(lang: $lang)
          role
        }
      }
      articles(first: 10) {
        totalCount
        nodes {
          id
          slug
          headline
          language
          direction
        }
      }
    }
  }
`);

export const CountryStatementsQuery = graphql(`
  query CountryStatements($code: String!, $lang: String!, $first: Int!, $after: String) {
    country(code: $code) {
      id
      statements(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...StatementInContext
        }
      }
    }
  }
`);

/** A statement shown away from its article: its words, who said it, and where. */
export const StatementInContextFragment = graphql(`
  fragment StatementInContext on Statement {
    id
    text
    kind
    reportedVia
    speaker {
      id
      name(lang: $lang)
    }
    countries {
      code
      name(lang: $lang)
    }
    article {
      slug
      headline
      language
      direction
    }
  }
`);

/** Countries with names in one language: for the country filter and country type-ahead. */
export const CountriesQuery = graphql(`
  query Countries($lang: String!, $after: String) {
    countries(first: 100, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        code
        alpha3
        name(lang: $lang)
      }
    }
  }
`);

/**
 * Type-ahead over speakers and countries in one request: both match the start of the name or of
 * any word of it, on the server (case, accents and Arabic/Urdu letter variants do not matter).
 */
export const SuggestionsQuery = graphql(`
  query Suggestions($prefix: String!, $lang: String!) {
    speakers(first: 6, filter: { namePrefix: $prefix }) {
      nodes {
        id
        name(lang: $lang)
        role
        country {
          code
          name(lang: $lang)
        }
      }
    }
    countries(first: 5, filter: { namePrefix: $prefix }) {
      nodes {
        code
        name(lang: $lang)
      }
    }
  }
`);

/** Search results with the passages that matched (snippets with match offsets). */
export const SearchQuery = graphql(`
  query Search($query: String!, $lang: String!, $first: Int!, $after: String) {
    search(query: $query, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        type
        score
        highlights {
          field
          snippet
          snippetStart
          matches {
            start
            end
          }
        }
        node {
          __typename
          id
          ... on Article {
            slug
            headline
            language
            direction
          }
          ... on Statement {
            kind
            speaker {
              id
              name(lang: $lang)
            }
            article {
              slug
              headline
              language
              direction
            }
          }
          ... on Speaker {
            name(lang: $lang)
            originalName
            latinName
            role
          }
        }
      }
    }
  }
`);

/**
 * Live updates of one article. Only the article's own scalar fields: nested batch fields do not
 * resolve inside subscription events, so the page re-runs ArticleQuery on each event instead.
 */
export const ArticleUpdatedSubscription = graphql(`
  subscription ArticleUpdated($id: ID!) {
    articleUpdated(id: $id) {
      id
      version
      status
      lastUpdatedAt
    }
  }
`);

/**
 * An article by ID, for the one case the slug cannot serve: readers get null from article(slug:)
 * once it is withdrawn, while node(id:) still resolves it with its status and reason.
 */
export const ArticleByIdQuery = graphql(`
  query ArticleById($id: ID!) {
    node(id: $id) {
      __typename
      ... on Article {
        id
        slug
        headline
        language
        direction
        status
        withdrawalReason
        lastUpdatedAt
      }
    }
  }
`);
