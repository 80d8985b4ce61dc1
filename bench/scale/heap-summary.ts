import { readFileSync } from 'node:fs';

/**
 * `node dist/bench/scale/heap-summary.js FILE.heapsnapshot [N]`: the N (30) constructors, by the summed
 * self size of their objects in a V8 heap snapshot, with their counts: where a heap's bytes sit.
 */
interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

const [file, top = '30'] = process.argv.slice(2);
if (!file) throw new Error('usage: heap-summary FILE.heapsnapshot [N]');
const heap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
const fields = heap.snapshot.meta.node_fields;
const width = fields.length;
const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
  number,
  number,
  number,
];
const types = heap.snapshot.meta.node_types[0];
const totals = new Map<string, { bytes: number; count: number }>();
let all = 0;
for (let i = 0; i < heap.nodes.length; i += width) {
  const type = types[heap.nodes[i + typeAt]!]!;
  const name = heap.strings[heap.nodes[i + nameAt]!]!;
  const key = type === 'object' || type === 'closure' ? `${type} ${name}` : `(${type})`;
  const bytes = heap.nodes[i + sizeAt]!;
  all += bytes;
  const total = totals.get(key) ?? { bytes: 0, count: 0 };
  total.bytes += bytes;
  total.count++;
  totals.set(key, total);
}
process.stdout.write(`total self size ${(all / 1048576).toFixed(1)} MB\n`);
for (const [key, { bytes, count }] of [...totals]
  .sort((a, b) => b[1].bytes - a[1].bytes)
  .slice(0, Number(top)))
  process.stdout.write(
    `${(bytes / 1048576).toFixed(2).padStart(8)} MB ${String(count).padStart(9)}  ${key}\n`,
  );
