#!/usr/bin/env node
// Writes client/openapi.json and client/schema.ts from the routes' own schemas (npm run client:generate).
const fs = require('node:fs');
const path = require('node:path');
require('../test/support/register-ts');
const { apiDocument, clientSchemaSource, documentSource, CLIENT_DOCUMENT_FILE, CLIENT_SCHEMA_FILE } = require('../src/openapi/generate.ts');

(async () => {
  const root = path.resolve(__dirname, '..');
  const document = apiDocument();
  fs.writeFileSync(path.join(root, CLIENT_DOCUMENT_FILE), documentSource(document));
  fs.writeFileSync(path.join(root, CLIENT_SCHEMA_FILE), await clientSchemaSource(document));
  console.log(`Wrote ${CLIENT_DOCUMENT_FILE} and ${CLIENT_SCHEMA_FILE}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
