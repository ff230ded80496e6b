import type { CodegenConfig } from '@graphql-codegen/cli';

// Types come from the committed SDL (../schema.graphql, the client contract), never by hand.
// Every operation in src/ is validated against it: an invalid document fails codegen.
const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: false,
  errorsOnly: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        strictScalars: true,
        scalars: {
          DateTime: 'string', BigInteger: 'string | number', BigDecimal: 'string | number', JSON: 'unknown',
          // Apollo Federation's plumbing (_entities, _service and their directives): no reader operation uses them.
          _Any: 'unknown', federation__FieldSet: 'string', link__Import: 'string', federation__Policy: 'string', federation__Scope: 'string',
        },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
