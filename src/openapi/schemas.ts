import { z } from 'zod';

/** Money on the wire: a decimal string in the wallet's currency, up to 6 fraction digits. */
export const moneyString = z
  .string()
  .regex(/^-?\d+(\.\d{1,6})?$/)
  .meta({ id: 'Money', description: 'A decimal string in the wallet currency (never a float), e.g. "12.50"', example: '12.50' });

export const timestamp = z.iso.datetime().meta({ description: 'ISO 8601, UTC' });
export const id = z.uuid();

/** A page of a keyset-paginated list: pass `nextCursor` back as `?cursor=` until it is null. */
export function page<T extends z.ZodType>(item: T) {
  return z.strictObject({
    data: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
  });
}

/** An unpaginated list. */
export function list<T extends z.ZodType>(item: T) {
  return z.strictObject({ data: z.array(item) });
}
