/** What a collection request asks for, once its OData options and `Prefer` header are read. */
export interface CollectionQuery {
  /** `$filter=lastModifiedDateTime ge …`, in epoch ms. */
  modifiedSinceMs?: number;
  select?: string[];
  expand?: string[];
  pageSize: number;
  skip: number;
  /** The `odata.maxpagesize` honoured, echoed in `Preference-Applied`. */
  maxPageSizeApplied?: number;
}

export interface CollectionRules {
  entityType: string;
  properties: readonly string[];
  /** Options this collection takes besides `$select`. */
  options: readonly ('$filter' | '$top' | '$skiptoken' | '$expand')[];
  expandable?: readonly string[];
}

export class GraphQueryError extends Error {}

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;
const SINCE = /^\s*lastModifiedDateTime\s+ge\s+(\S+(?: \d{2}:\d{2})?)\s*$/i;

/** Reads `$filter`, `$select`, `$expand`, `$top`, `$skiptoken` and `Prefer: odata.maxpagesize`. */
export function readCollectionQuery(
  query: Record<string, string | undefined>,
  prefer: string | undefined,
  rules: CollectionRules,
): CollectionQuery {
  for (const option of Object.keys(query).filter((key) => key.startsWith('$'))) {
    if (option !== '$select' && !(rules.options as readonly string[]).includes(option)) {
      throw new GraphQueryError(
        `Query option '${option}' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.`,
      );
    }
  }
  const maxPageSize = readMaxPageSize(prefer);
  const token = query.$skiptoken === undefined ? undefined : readSkipToken(query.$skiptoken);
  const top = query.$top === undefined ? undefined : readTop(query.$top);
  const fresh = {
    modifiedSinceMs: query.$filter === undefined ? undefined : readFilter(query.$filter),
    select: query.$select === undefined ? undefined : readList(query.$select, rules.properties, rules),
    expand: query.$expand === undefined ? undefined : readList(query.$expand, rules.expandable ?? [], rules),
  };
  // A next link carries the whole request in its token; a Prefer header sent again still sets the size.
  const base = token ?? { ...fresh, pageSize: top ?? DEFAULT_PAGE_SIZE, skip: 0 };
  return {
    ...base,
    pageSize: top ?? maxPageSize ?? base.pageSize,
    maxPageSizeApplied: top === undefined ? maxPageSize : undefined,
  };
}

export function skipToken(query: CollectionQuery, skip: number): string {
  const { modifiedSinceMs, select, expand, pageSize } = query;
  return Buffer.from(JSON.stringify({ modifiedSinceMs, select, expand, pageSize, skip })).toString(
    'base64url',
  );
}

function readSkipToken(token: string): CollectionQuery {
  try {
    const state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as CollectionQuery;
    if (Number.isInteger(state.skip) && Number.isInteger(state.pageSize)) return state;
  } catch {
    // Falls through to the same answer as a token that decodes to something else.
  }
  throw new GraphQueryError(`The value '${token}' of $skiptoken is not valid.`);
}

function readFilter(filter: string): number {
  const match = SINCE.exec(filter);
  if (!match?.[1]) {
    throw new GraphQueryError(`Invalid filter clause: the filter '${filter}' is not supported.`);
  }
  // A '+' in an unencoded query string arrives as a space: `…T10:00:00 01:00`.
  const value = match[1].replace(/ (\d{2}:\d{2})$/, '+$1');
  if (value.startsWith("'")) {
    throw new GraphQueryError(
      `Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.DateTimeOffset' and 'Edm.String' for operator kind 'GreaterThanOrEqual'.`,
    );
  }
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms)) {
    throw new GraphQueryError(
      `Invalid filter clause: The DateTimeOffset text '${value}' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?' and each field value is within valid range.`,
    );
  }
  return ms;
}

function readList(text: string, allowed: readonly string[], rules: CollectionRules): string[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.find((name) => !allowed.includes(name));
  if (unknown !== undefined) {
    throw new GraphQueryError(`Could not find a property named '${unknown}' on type '${rules.entityType}'.`);
  }
  return names;
}

function readTop(text: string): number {
  const top = Number(text);
  if (!Number.isInteger(top) || top < 0)
    throw new GraphQueryError(`Invalid value '${text}' for $top query option.`);
  return Math.min(Math.max(top, 1), MAX_PAGE_SIZE);
}

function readMaxPageSize(prefer: string | undefined): number | undefined {
  const match = /(?:^|[\s,;])odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer ?? '');
  if (!match?.[1]) return undefined;
  return Math.min(Math.max(Number(match[1]), 1), MAX_PAGE_SIZE);
}

/** Keeps the selected properties, in the order the entity lists them. */
export function selectProperties<T extends object>(item: T, select: string[] | undefined): Partial<T> {
  if (select === undefined) return item;
  return Object.fromEntries(Object.entries(item).filter(([key]) => select.includes(key))) as Partial<T>;
}
