import type { Params } from './form';

/** Who caused a change: an API request (its id and idempotency key end up in events) or a test control. */
export interface RequestContext {
  requestId: string | null;
  idempotencyKey: string | null;
}

/** Changes made by test controls look like Dashboard or Stripe-initiated ones: no request. */
export const NO_REQUEST: RequestContext = { requestId: null, idempotencyKey: null };

export interface ApiRequest {
  method: string;
  path: string;
  params: Params;
  pathParams: Record<string, string>;
  ctx: RequestContext;
}

export type Handler = (request: ApiRequest) => object;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/** Matches `/v1/customers/:id`-style patterns, first registered wins. */
export class Router {
  private readonly routes: Route[] = [];

  get(pattern: string, handler: Handler): void {
    this.add('GET', pattern, handler);
  }

  post(pattern: string, handler: Handler): void {
    this.add('POST', pattern, handler);
  }

  delete(pattern: string, handler: Handler): void {
    this.add('DELETE', pattern, handler);
  }

  match(method: string, path: string): { handler: Handler; pathParams: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const pathParams: Record<string, string> = {};
      route.names.forEach((name, index) => (pathParams[name] = decodeURIComponent(found[index + 1])));
      return { handler: route.handler, pathParams };
    }
    return undefined;
  }

  private add(method: string, pattern: string, handler: Handler): void {
    const names: string[] = [];
    const source = pattern.replace(/:(\w+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), names, handler });
  }
}
