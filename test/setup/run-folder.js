// One temporary folder per test run, removed by the global teardown: the embedded PostgreSQL's data and
// every folder the tests (and the processes they start) make through os.tmpdir(), which reads TMPDIR.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function createRunFolder() {
  if (!globalThis.beaconTestRunFolder) {
    const folder = mkdtempSync(join(tmpdir(), 'beacon-test-'));
    chmodSync(folder, 0o755); // the embedded PostgreSQL runs as `postgres` when the tests run as root
    process.env.TMPDIR = folder;
    globalThis.beaconTestRunFolder = folder;
  }
  return globalThis.beaconTestRunFolder;
}

export function removeRunFolder() {
  const folder = globalThis.beaconTestRunFolder;
  globalThis.beaconTestRunFolder = undefined;
  if (folder) rmSync(folder, { recursive: true, force: true });
}
