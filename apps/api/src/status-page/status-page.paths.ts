import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The status page's static files live in the source tree (`apps/api/public`), which tsc does not copy to
 * `dist`. Walking up from this file to the folder that holds package.json finds the repository root both
 * from `apps/api/src` (tests) and from `dist/apps/api/src` (the built process, the Docker image).
 */
export function statusPageFolder(from: string = fileURLToPath(import.meta.url)): string {
  let dir = path.dirname(from);
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}: cannot find the status page`);
    dir = parent;
  }
  const folder = path.join(dir, 'apps', 'api', 'public');
  if (!existsSync(path.join(folder, 'index.html'))) {
    throw new Error(`the status page is missing: ${folder}/index.html (copy apps/api/public with dist)`);
  }
  return folder;
}
