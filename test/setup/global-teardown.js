export default async function globalTeardown() {
  await globalThis.beaconTestDatabase?.stop();
}
