import openapiTS, { astToString } from 'openapi-typescript';
import { API_MODULES } from '../app.module';
import { buildDocument, undocumentedRoutes } from './document';
import { API_VERSION } from './openapi.controller';
import { controllersOf, routesOf } from './routes';

/** Every route of the API's modules, read from their decorators (nothing is started). */
export const apiRoutes = () => routesOf(controllersOf(API_MODULES));

/** The OpenAPI document the service serves at /openapi.json, built without starting it. */
export function apiDocument() {
  return buildDocument(apiRoutes(), API_VERSION);
}

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
