// Runs graphql-http's server audits (the GraphQL over HTTP specification's MUST, SHOULD and MAY
// requirements) against the service at the URL given as the first argument. Every audit must
// pass: an error (a MUST) and a warning (a SHOULD) both count as failures; a notice (a MAY) is
// printed but does not fail the run. The last line is "graphql-http: N passed, N failed".
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://127.0.0.1:PORT/graphql');
  process.exit(2);
}

let passed = 0;
let failed = 0;
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  if (result.status === 'ok') {
    passed++;
    continue;
  }
  let body = '';
  try {
    body = await result.response.text();
  } catch {
    // the body was read by the audit already
  }
  const line = `${result.status.toUpperCase()} ${audit.name} [${audit.id}]: ${result.reason}`
    + ` (HTTP ${result.response.status}, ${result.response.headers.get('content-type')}) ${body.slice(0, 300)}`;
  if (result.status === 'notice') {
    passed++;
    console.log(line);
  } else {
    failed++;
    console.log(line);
  }
}
console.log(`graphql-http: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
