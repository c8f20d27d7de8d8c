import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_DOCUMENT_FILE, CLIENT_SCHEMA_FILE, apiDocument, apiRoutes, clientSchemaSource, documentSource } from './generate';
import { DOCUMENTING_A_ROUTE, undocumentedRoutes } from './document';
import { ERROR_CODES } from './errors';

const root = join(__dirname, '..', '..');

describe('OpenAPI document and typed client', () => {
  it('documents every /v1 route of the API modules', () => {
    const missing = undocumentedRoutes(apiRoutes());
    if (missing.length) throw new Error(`Routes without @ApiDoc:\n  ${missing.map((route) => route.where).join('\n  ')}\n\n${DOCUMENTING_A_ROUTE}`);
  });

  it('lists every error code the code can answer (DomainError subclasses) in the documented catalogue', () => {
    const sources = execFileSync('grep', ['-rhoE', "readonly code = '[a-z_]+'", join(root, 'src')], { encoding: 'utf8' });
    const codes = [...new Set([...sources.matchAll(/'([a-z_]+)'/g)].map((match) => match[1]))];
    expect(codes.length).toBeGreaterThan(10);
    const missing = codes.filter((code) => !Object.hasOwn(ERROR_CODES, code));
    if (missing.length) throw new Error(`Error codes missing from ERROR_CODES in src/openapi/errors.ts: ${missing.join(', ')}`);
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
