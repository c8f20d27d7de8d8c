import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_DOCUMENT_FILE, CLIENT_SCHEMA_FILE, apiDocument, apiRoutes, clientSchemaSource, documentSource } from './generate';
import { DOCUMENTING_A_ROUTE, undocumentedRoutes } from './document';

const root = join(__dirname, '..', '..');

describe('OpenAPI document and typed client', () => {
  it('documents every /v1 route of the API modules', () => {
    const missing = undocumentedRoutes(apiRoutes());
    if (missing.length) throw new Error(`Routes without @ApiDoc:\n  ${missing.map((route) => route.where).join('\n  ')}\n\n${DOCUMENTING_A_ROUTE}`);
  });

  it('keeps client/openapi.json and client/schema.ts as the code generates them (run `npm run client:generate`)', async () => {
    const document = apiDocument();
    const generated = { [CLIENT_DOCUMENT_FILE]: documentSource(document), [CLIENT_SCHEMA_FILE]: await clientSchemaSource(document) };
    for (const [file, source] of Object.entries(generated)) {
      if (readFileSync(join(root, file), 'utf8') !== source) {
        throw new Error(`${file} is stale: the routes or their schemas changed. Run \`npm run client:generate\` and commit client/.`);
      }
    }
  });
});
