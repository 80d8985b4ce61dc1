import { removeRunFolder } from './run-folder.js';

export default async function globalTeardown() {
  const database = globalThis.beaconTestDatabase;
  globalThis.beaconTestDatabase = undefined;
  await database?.stop();
  removeRunFolder();
}
