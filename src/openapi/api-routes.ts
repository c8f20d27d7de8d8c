import { API_MODULES } from '../app.module';
import { buildDocument } from './document';
import { API_VERSION } from './openapi.controller';
import { controllersOf, routesOf } from './routes';

/** Every route of the API's modules, read from their decorators (nothing is started). */
export const apiRoutes = () => routesOf(controllersOf(API_MODULES));

/** The OpenAPI document the service serves at /openapi.json, built without starting it. */
export function apiDocument() {
  return buildDocument(apiRoutes(), API_VERSION);
}
