import openapiTS, { astToString } from 'openapi-typescript';
import { apiDocument, apiRoutes } from './api-routes';
import { undocumentedRoutes } from './document';

export { apiDocument, apiRoutes };

export const CLIENT_SCHEMA_FILE = 'client/schema.ts';
export const CLIENT_DOCUMENT_FILE = 'client/openapi.json';

/** The typed client's types, as `npm run client:generate` writes them to client/schema.ts. */
export async function clientSchemaSource(document = apiDocument()): Promise<string> {
  const missing = undocumentedRoutes(apiRoutes());
  if (missing.length) throw new Error(`Undocumented routes: ${missing.map((route) => route.where).join(', ')}`);
  const ast = await openapiTS(document as never, { alphabetize: false, exportType: false });
  return `// Generated from the service's OpenAPI document by \`npm run client:generate\`. Do not edit.\n\n${astToString(ast)}`;
}

export const documentSource = (document = apiDocument()) => `${JSON.stringify(document, null, 2)}\n`;
