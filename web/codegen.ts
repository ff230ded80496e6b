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
        scalars: { DateTime: 'string', BigInteger: 'string | number', BigDecimal: 'string | number', JSON: 'unknown' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
