import { selectProperties } from './graph-query.js';

/**
 * The UTF-8 JSON of each item as served, kept with the item: the world hands every tenant and every page
 * the same object for an item's state until that state changes (a new object), so a state is written once,
 * not once per tenant and page, and a changed state can never be served from here. Bytes rather than text,
 * so that the socket does not encode them again. Keyed by `$select` (undefined: the whole item).
 */
const served = new WeakMap<object, Map<string | undefined, Buffer>>();

const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

/**
 * `JSON.stringify({ ...envelope, value: items with only the selected properties })`, byte for byte, made of
 * each item's kept JSON.
 */
export function collectionBody(
  envelope: Record<string, string>,
  items: readonly object[],
  select: string[] | undefined,
): Buffer {
  // `{"@odata.context":"…",…,"value":[]}` less its last two characters.
  const open = JSON.stringify({ ...envelope, value: [] }).slice(0, -2);
  const parts: Buffer[] = [Buffer.from(open)];
  items.forEach((item, index) => {
    if (index > 0) parts.push(COMMA);
    parts.push(itemJson(item, select));
  });
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

function itemJson(item: object, select: string[] | undefined): Buffer {
  let bySelect = served.get(item);
  if (bySelect === undefined) {
    bySelect = new Map();
    served.set(item, bySelect);
  }
  const key = select?.join(',');
  let json = bySelect.get(key);
  if (json === undefined) {
    json = Buffer.from(JSON.stringify(selectProperties(item, select)));
    bySelect.set(key, json);
  }
  return json;
}
