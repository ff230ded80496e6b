// The reader's trusted documents for the service (docs/api.md, "Persisted operations"): every
// operation in graphql-codegen's output (src/gql/graphql.ts, made from src/api/operations.ts), as
// the reader's urql client sends it (its document cache adds __typename, then it prints the
// document), under the SHA-256 hash urql's persisted exchange computes of that text. Written to
// ../src/main/resources/persisted/reader.json, which the service loads at start.
//
//   node scripts/persisted-documents.mjs          write the manifest (after npm run codegen)
//   node scripts/persisted-documents.mjs --check  exit 1 when the committed manifest differs
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequest, formatDocument, stringifyDocument } from '@urql/core';
import ts from 'typescript';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const generated = join(web, 'src', 'gql', 'graphql.ts');
const manifestPath = join(web, '..', 'src', 'main', 'resources', 'persisted', 'reader.json');

// graphql.ts imports types only: transpiled, it is plain data.
const javascript = ts.transpileModule(readFileSync(generated, 'utf8'), {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
}).outputText;
const operations = await import(`data:text/javascript;base64,${Buffer.from(javascript).toString('base64')}`);

const documents = {};
for (const document of Object.values(operations)) {
  const operation = document?.kind === 'Document'
    ? document.definitions.find((definition) => definition.kind === 'OperationDefinition')
    : undefined;
  if (!operation) continue; // a fragment's own document, or not a document
  const request = createRequest(document, {});
  // As urql's exchanges make it: cacheExchange formats queries and mutations, not subscriptions.
  const sent = operation.operation === 'subscription' ? request.query : formatDocument(request.query);
  const text = stringifyDocument(sent);
  documents[createHash('sha256').update(text, 'utf8').digest('hex')] = text;
}
const sorted = Object.fromEntries(Object.entries(documents).sort(([a], [b]) => a.localeCompare(b)));
const manifest = `${JSON.stringify(sorted, null, 2)}\n`;

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(manifestPath, 'utf8');
  } catch {
    // missing: reported below
  }
  if (committed !== manifest) {
    console.error(`persisted-documents: ${relative(process.cwd(), manifestPath)} is not the reader's operations as `
      + 'src/api/operations.ts has them now; run `npm run codegen && npm run persisted` in web/ and commit it.');
    process.exit(1);
  }
  console.log(`persisted-documents: ${Object.keys(sorted).length} trusted documents, committed manifest up to date`);
} else {
  writeFileSync(manifestPath, manifest);
  console.log(`persisted-documents: ${Object.keys(sorted).length} trusted documents written to ${relative(process.cwd(), manifestPath)}`);
}
