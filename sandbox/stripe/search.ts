import { invalidRequest, parameterMissing } from './errors';

/**
 * A small subset of Stripe's search query language (https://docs.stripe.com/search#search-query-language):
 * `status:'succeeded' AND metadata['agencyId']:'a1'`, `amount>1000`, `-currency:'eur'`, clauses joined by
 * AND or by OR (not both).
 */
interface Clause {
  negate: boolean;
  field: string;
  metadataKey?: string;
  comparator: ':' | '>' | '<' | '>=' | '<=';
  value: string;
}

export type FieldReader = (field: string, metadataKey?: string) => string | number | null | undefined;

const CLAUSE = /^(-)?([a-z_]+)(?:\[['"]([^'"]+)['"]\])?\s*(:|>=|<=|>|<)\s*(?:'([^']*)'|"([^"]*)"|([^\s'"]+))$/;

export function compileSearch(query: string | undefined, resource: string, fields: readonly string[]): (read: FieldReader) => boolean {
  if (!query) throw parameterMissing('query');
  const hasAnd = / AND /.test(query);
  const hasOr = / OR /.test(query);
  if (hasAnd && hasOr) throw invalidRequest('Mixing AND and OR in one search query is not supported.', { param: 'query' });
  const clauses = query.split(hasOr ? / OR / : / AND /).map((text) => parseClause(text.trim(), resource, fields));
  return (read) => {
    const results = clauses.map((clause) => matches(clause, read));
    return hasOr ? results.some(Boolean) : results.every(Boolean);
  };
}

function parseClause(text: string, resource: string, fields: readonly string[]): Clause {
  const match = CLAUSE.exec(text);
  if (!match) throw invalidRequest(`The query could not be parsed near '${text}'.`, { param: 'query' });
  const [, negate, field, metadataKey, comparator, single, double, bare] = match;
  if (!fields.includes(field)) {
    throw invalidRequest(`Field '${field}' is an unsupported search field for resource ${resource}.`, { param: 'query' });
  }
  return {
    negate: negate === '-',
    field,
    metadataKey,
    comparator: comparator as Clause['comparator'],
    value: single ?? double ?? bare,
  };
}

function matches(clause: Clause, read: FieldReader): boolean {
  const actual = read(clause.field, clause.metadataKey);
  let result: boolean;
  if (clause.comparator === ':') {
    result = actual !== null && actual !== undefined && String(actual).toLowerCase() === clause.value.toLowerCase();
  } else {
    const left = Number(actual);
    const right = Number(clause.value);
    result =
      (clause.comparator === '>' && left > right) ||
      (clause.comparator === '<' && left < right) ||
      (clause.comparator === '>=' && left >= right) ||
      (clause.comparator === '<=' && left <= right);
  }
  return clause.negate ? !result : result;
}
