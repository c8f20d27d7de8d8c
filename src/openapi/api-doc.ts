import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';
import type { ErrorCode } from './errors';

export const API_DOC_KEY = 'aw:api-doc';

/**
 * What a route answers, next to the route. Request shapes are NOT repeated here: the OpenAPI
 * document reads them from the route's own `ZodPipe`s (`@Body`, `@Query`, `@Param`) and headers
 * (`@Headers('idempotency-key')`), so the schema that validates is the schema that is documented.
 */
export interface ApiDocOptions {
  /** One line, shown in the reference page's list. */
  summary: string;
  description?: string;
  /** The reference page's section. */
  tag: string;
  /**
   * Every success status with its body schema (`null`: no body, e.g. 204). The e2e contract check
   * validates real responses against these.
   */
  responses: Record<number, z.ZodType | null>;
  /**
   * Error codes this route may answer beyond the ones every route of its kind may (authentication,
   * roles, validation, not found for path ids, rate limits, outages are added automatically).
   */
  errors?: ErrorCode[];
  /**
   * `header`: an `Idempotency-Key` header makes a retry safe; `natural`: the body's own key (the call
   * id, a usage reference) does. Either way a repeat answers `Idempotent-Replayed: true`.
   */
  idempotency?: 'header' | 'natural';
  /** A request body the route reads without a ZodPipe (e.g. a signed webhook's raw body). */
  requestBody?: z.ZodType;
  /** A list with `?limit&cursor` and `nextCursor`. */
  paginated?: boolean;
}

/** Documents a route. Every `/v1` route needs one: a test fails for a route without it. */
export const ApiDoc = (doc: ApiDocOptions) => SetMetadata(API_DOC_KEY, doc);
