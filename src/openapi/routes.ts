import 'reflect-metadata';
import { RequestMethod, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, MODULE_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { z } from 'zod';
import { PUBLIC_KEY, ROLES_KEY, SIGNED_KEY } from '../auth/auth.decorators';
import type { Role } from '../auth/principal';
import { ZodPipe } from '../common/validation';
import { CONSOLE_PATHS } from '../web/console-paths';
import { API_DOC_KEY, type ApiDocOptions } from './api-doc';

/** Routes under /v1 except these operations endpoints and the API reference (see bootstrap.ts). */
export const API_PREFIX = 'v1';
export const UNPREFIXED_ROUTES = ['health', 'ready', 'openapi.json', 'docs', 'docs/:asset'];

/** Paths served outside /v1: these, and the console's pages (Nest's `*path` matches the rest). */
function unprefixed(path: string): boolean {
  return [...UNPREFIXED_ROUTES, ...CONSOLE_PATHS].some((pattern) =>
    pattern.endsWith('/*path') ? path.startsWith(pattern.slice(0, -'*path'.length)) : pattern === path,
  );
}

/** One controller method as Nest and Fastify serve it, with what documents it. */
export interface RouteInfo {
  method: string;
  /** Fastify's spelling: /v1/agencies/:agencyId */
  url: string;
  /** OpenAPI's spelling: /v1/agencies/{agencyId} */
  path: string;
  where: string;
  doc?: ApiDocOptions;
  body?: z.ZodType;
  query?: z.ZodType;
  params: Record<string, z.ZodType | undefined>;
  headers: string[];
  /** Request parts the handler reads without a ZodPipe: undocumented, and unvalidated. */
  unvalidated: string[];
  roles?: Role[];
  public: boolean;
  signed: boolean;
  httpCode?: number;
}

/**
 * Every controller reachable from these modules (static @Module metadata; nothing is instantiated):
 * the listed modules' own first, in the order listed, so the document's order does not change
 * with how modules import one another; then those of modules reached only through imports.
 */
export function controllersOf(modules: unknown[]): Type[] {
  const seen = new Set<unknown>();
  const controllers: Type[] = [];
  const partsOf = (entry: unknown) => {
    const dynamic = typeof entry === 'object' ? (entry as { module?: Type; imports?: unknown[]; controllers?: Type[] }) : undefined;
    const module = (dynamic ? dynamic.module : entry) as Type | undefined;
    const own = (module && (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, module) as Type[] | undefined)) ?? [];
    const imports = (module && (Reflect.getMetadata(MODULE_METADATA.IMPORTS, module) as unknown[] | undefined)) ?? [];
    return { controllers: [...own, ...(dynamic?.controllers ?? [])], imports: [...imports, ...(dynamic?.imports ?? [])] };
  };
  const add = (entry: unknown) => {
    for (const controller of partsOf(entry).controllers) if (!controllers.includes(controller)) controllers.push(controller);
  };
  const visit = (entry: unknown) => {
    if (!entry || seen.has(entry)) return;
    seen.add(entry);
    add(entry);
    partsOf(entry).imports.forEach(visit);
  };
  modules.forEach(add);
  modules.forEach(visit);
  return controllers;
}

const METHODS: Record<number, string> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.DELETE]: 'DELETE',
};

const join = (...parts: string[]) =>
  '/' +
  parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');

export function routesOf(controllers: Type[]): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const controller of controllers) {
    const base = Reflect.getMetadata(PATH_METADATA, controller) as string | undefined;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const methodCode = Reflect.getMetadata(METHOD_METADATA, handler) as number | undefined;
      const ownPath = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (methodCode === undefined || ownPath === undefined) continue;
      for (const sub of Array.isArray(ownPath) ? ownPath : [ownPath]) {
        const local = join(base ?? '', sub);
        const url = unprefixed(local.slice(1)) ? local : join(API_PREFIX, local);
        routes.push({
          method: METHODS[methodCode] ?? String(methodCode),
          url,
          path: url.replace(/:(\w+)/g, '{$1}'),
          where: `${controller.name}.${name} (${METHODS[methodCode]} ${url})`,
          ...requestParts(controller, name),
          doc: Reflect.getMetadata(API_DOC_KEY, handler) as ApiDocOptions | undefined,
          roles: (Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, controller)) as Role[] | undefined,
          public: Boolean(Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, controller)),
          signed: Boolean(Reflect.getMetadata(SIGNED_KEY, handler) ?? Reflect.getMetadata(SIGNED_KEY, controller)),
          httpCode: Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined,
        });
      }
    }
  }
  return routes;
}

interface ArgMetadata {
  index: number;
  data?: string;
  pipes?: unknown[];
}

/** The request schemas are the route's own validation pipes: what validates is what is documented. */
function requestParts(controller: Type, name: string) {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, ArgMetadata>;
  const parts: Pick<RouteInfo, 'body' | 'query' | 'params' | 'headers' | 'unvalidated'> = { params: {}, headers: [], unvalidated: [] };
  for (const [key, arg] of Object.entries(args)) {
    const type = Number(key.split(':')[0]);
    const schema = arg.pipes?.find((pipe): pipe is ZodPipe<z.ZodType> => pipe instanceof ZodPipe)?.schema;
    if (!schema && [RouteParamtypes.BODY, RouteParamtypes.QUERY, RouteParamtypes.PARAM].includes(type)) {
      parts.unvalidated.push(`${RouteParamtypes[type].toLowerCase()}${arg.data ? ` '${arg.data}'` : ''}`);
    }
    if (type === RouteParamtypes.BODY) parts.body = schema;
    else if (type === RouteParamtypes.QUERY) parts.query = schema;
    else if (type === RouteParamtypes.PARAM && arg.data) parts.params[arg.data] = schema;
    else if (type === RouteParamtypes.HEADERS && arg.data) parts.headers.push(arg.data.toLowerCase());
  }
  return parts;
}
