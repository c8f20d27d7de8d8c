import { invalidRequest, noSuch } from './errors';
import type { Params } from './form';
import { optInt, optString } from './params';
import { clone } from './util';

export interface ListObject<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

interface Identified {
  id: string;
}

/**
 * Cursor pagination as Stripe does it: newest first, `limit` 1–100 (default 10), `starting_after` /
 * `ending_before` naming an object id. `items` must be in creation order (oldest first).
 */
export function paginate<T extends Identified>(items: Iterable<T>, params: Params, url: string, kind: string): ListObject<T> {
  const newestFirst = [...items].reverse();
  const limit = optInt(params, 'limit') ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest('This value must be greater than or equal to 1 and less than or equal to 100.', {
      param: 'limit',
    });
  }
  const startingAfter = optString(params, 'starting_after');
  const endingBefore = optString(params, 'ending_before');
  let page: T[];
  let hasMore: boolean;
  if (endingBefore) {
    const index = cursorIndex(newestFirst, endingBefore, 'ending_before', kind);
    page = newestFirst.slice(Math.max(0, index - limit), index);
    hasMore = index - limit > 0;
  } else {
    const start = startingAfter ? cursorIndex(newestFirst, startingAfter, 'starting_after', kind) + 1 : 0;
    page = newestFirst.slice(start, start + limit);
    hasMore = start + limit < newestFirst.length;
  }
  return { object: 'list', data: page.map(clone), has_more: hasMore, url };
}

function cursorIndex<T extends Identified>(items: T[], id: string, param: string, kind: string): number {
  const index = items.findIndex((item) => item.id === id);
  if (index === -1) throw noSuch(kind, id, param);
  return index;
}

/** Search results page with an opaque `page` token, like `/v1/payment_intents/search`. */
export function searchPage<T>(matches: T[], params: Params, url: string) {
  const limit = optInt(params, 'limit') ?? 10;
  const pageToken = optString(params, 'page');
  const offset = pageToken ? Number(Buffer.from(pageToken, 'base64url').toString()) || 0 : 0;
  const newestFirst = [...matches].reverse();
  const data = newestFirst.slice(offset, offset + limit).map(clone);
  const hasMore = offset + limit < newestFirst.length;
  return {
    object: 'search_result' as const,
    data,
    has_more: hasMore,
    next_page: hasMore ? Buffer.from(String(offset + limit)).toString('base64url') : null,
    url,
  };
}
