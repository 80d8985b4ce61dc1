import { badUserInput } from '../errors/api.error.js';

/** `websearch_to_tsquery` accepts any text; longer than this is not a search, it is a payload. */
const MAX_SEARCH_LENGTH = 200;

/** A search as PostgreSQL's websearch syntax reads it; blank means no search. */
export function searchText(search: string | null | undefined): string | undefined {
  const text = search?.trim();
  if (!text) return undefined;
  if (text.length > MAX_SEARCH_LENGTH) {
    throw badUserInput(`search: at most ${MAX_SEARCH_LENGTH} characters`, 'search');
  }
  return text;
}

/** A list filter, bounded; an empty list matches nothing. */
export function listArgument(
  values: string[] | null | undefined,
  argument: string,
  max = 100,
): string[] | undefined {
  if (values === null || values === undefined) return undefined;
  if (values.length > max) throw badUserInput(`${argument}: at most ${max} values`, argument);
  return values;
}
