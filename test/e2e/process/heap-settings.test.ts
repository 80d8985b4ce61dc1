import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SETTINGS = pathToFileURL(join(process.cwd(), 'dist/apps/ingestor/src/heap.settings.js')).href;

/**
 * The young generation's largest size in a fresh process (the same Node as the tests), with or without the
 * ingestor's heap settings, that makes a few hundred MB of short-lived garbage and keeps a few MB live.
 */
function youngGenerationPeakMb(withSettings: boolean): number {
  const script = `
    import v8 from 'node:v8';
    ${withSettings ? `(await import(${JSON.stringify(SETTINGS)})).keepHeapSmall();` : ''}
    const young = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
    let kept = [];
    let peak = 0;
    for (let i = 0; i < 3_000_000; i++) {
      kept.push({ i, text: 'signal ' + i });
      if (kept.length === 50_000) kept = [];
      if (i % 10_000 === 0) peak = Math.max(peak, young());
    }
    process.stdout.write(String(peak / 1048576));
  `;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

describe("the ingestor's heap settings", () => {
  it('keep the young generation at its first size, where V8 would grow it under garbage', () => {
    expect(youngGenerationPeakMb(false)).toBeGreaterThan(32);
    expect(youngGenerationPeakMb(true)).toBeLessThanOrEqual(16);
  });
});
