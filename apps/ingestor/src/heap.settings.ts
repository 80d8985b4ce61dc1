import v8 from 'node:v8';

/**
 * Memory before a little speed, for a process that polls (docs/benchmarks.md, "Where an ingestor's memory
 * goes"). By default Node 24's V8 lets the young generation grow to 128 MB and the old one to up to
 * four times what is live before it collects, and the pollers' and the correlator's garbage is plenty: a
 * first import of 1,000 tenants, under 100 MB live, reached 550 MB resident. Here the young generation
 * stays at 8 MB a half (it never grows past its first size) and the old one grows 30% at each full
 * collection.
 *
 * Call it before loading the application's modules (import them dynamically after it): V8 sizes the young
 * generation as it goes, and parsing the modules' sources alone takes it to 32 or 64 MB, which it then keeps. The
 * young generation's limit cannot be set once the process runs (`--max-semi-space-size` only counts on the
 * command line), so its growth is turned off instead, from a first size of 8 MB.
 */
export function keepHeapSmall(): void {
  v8.setFlagsFromString('--heap-growing-percent=30');
  v8.setFlagsFromString('--min-semi-space-size=8');
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}
