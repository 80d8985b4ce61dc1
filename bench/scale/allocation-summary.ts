import { readFileSync } from 'node:fs';

/**
 * `node dist/bench/scale/allocation-summary.js FILE.heapprofile [N]`: what a sampling heap profile taken with
 * garbage included (bench/scale/memory.js, BENCH_ALLOCATIONS=1) says was allocated, by the innermost
 * function of Beacon's own code on each allocation's stack (its folder, then the N (30) functions): which
 * of Beacon's parts make the garbage, whatever library they call to make it.
 */
interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

const [file, top = '30'] = process.argv.slice(2);
if (!file) throw new Error('usage: allocation-summary FILE.heapprofile [N]');
const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: ProfileNode };
const ownCode = /\/dist\/((?:apps|libs)\/[^/]+)\/(.*)$/;
const byFolder = new Map<string, number>();
const byFunction = new Map<string, number>();
let all = 0;
const add = (totals: Map<string, number>, key: string, bytes: number) =>
  totals.set(key, (totals.get(key) ?? 0) + bytes);
const walk = (node: ProfileNode, owner: { folder: string; fn: string } | null) => {
  const own = ownCode.exec(node.callFrame.url);
  const here = own
    ? { folder: own[1]!, fn: `${own[2]}:${node.callFrame.lineNumber + 1} ${node.callFrame.functionName}` }
    : owner;
  all += node.selfSize;
  add(byFolder, here?.folder ?? '(no Beacon code on the stack)', node.selfSize);
  if (here) add(byFunction, here.fn, node.selfSize);
  for (const child of node.children) walk(child, here);
};
walk(head, null);
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1).padStart(9)} MB`;
process.stdout.write(`allocated (sampled) ${mb(all)}\n\nby folder:\n`);
for (const [key, bytes] of [...byFolder].sort((a, b) => b[1] - a[1]))
  process.stdout.write(`${mb(bytes)} ${((100 * bytes) / all).toFixed(1).padStart(5)}%  ${key}\n`);
process.stdout.write('\nby function:\n');
for (const [key, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(top)))
  process.stdout.write(`${mb(bytes)} ${((100 * bytes) / all).toFixed(1).padStart(5)}%  ${key}\n`);
