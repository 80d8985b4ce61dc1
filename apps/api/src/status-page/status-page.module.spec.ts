import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Test } from '@nestjs/testing';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { StatusPageModule } from './status-page.module.js';
import { statusPageFolder } from './status-page.paths.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const publicFolder = path.join(repoRoot, 'apps/api/public');

async function publicFiles(dir = publicFolder): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? publicFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    ),
  );
  return nested.flat();
}

/** Every URL the page's own files ask for: `src`/`href` in the HTML, `import … from` in the modules. */
async function referencedUrls(): Promise<string[]> {
  const urls = new Set<string>();
  for (const file of await publicFiles()) {
    const text = await readFile(file, 'utf8');
    const urlPath = `/${path.relative(publicFolder, file).split(path.sep).join('/')}`;
    if (file.endsWith('.html')) {
      for (const [, url] of text.matchAll(/(?:src|href)="([^"#][^"]*)"/g)) urls.add(url as string);
    }
    if (file.endsWith('.js')) {
      for (const [, specifier] of text.matchAll(/from '([^']+)'/g)) {
        urls.add(new URL(specifier as string, `http://page${urlPath}`).pathname);
      }
    }
  }
  return [...urls];
}

describe(StatusPageModule.name, () => {
  let sut: NestFastifyApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [StatusPageModule] }).compile();
    sut = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    await sut.init();
    await sut.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await sut.close();
  });

  it('serves the page at / with a policy that allows this origin only', async () => {
    const response = await sut.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toContain('<main id="main"');
  });

  it('serves every file the page refers to, and nothing from elsewhere', async () => {
    const urls = await referencedUrls();
    const local = urls.filter((url) => !url.startsWith('data:'));

    expect(local.every((url) => url.startsWith('/'))).toBe(true);
    for (const url of local) {
      const response = await sut.inject({ method: 'GET', url });
      expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
      if (url.endsWith('.js')) expect(response.headers['content-type']).toMatch(/javascript/);
      if (url.endsWith('.css')) expect(response.headers['content-type']).toMatch(/^text\/css/);
    }
  });

  it('names no other origin in any of its files', async () => {
    // SVG's namespace is a name, never fetched.
    const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
    for (const file of await publicFiles()) {
      const text = (await readFile(file, 'utf8')).replaceAll(SVG_NAMESPACE, '');
      expect({ file, origins: text.match(/(?:https?|wss?):\/\/[^\s'"`)]+/g) ?? [] }).toEqual({
        file,
        origins: [],
      });
    }
  });

  it('answers 404 for a file that is not there', async () => {
    const response = await sut.inject({ method: 'GET', url: '/js/nothing-here.js' });

    expect(response.statusCode).toBe(404);
  });
});

describe(statusPageFolder.name, () => {
  it('finds the source folder from the built module in dist, which tsc does not copy it to', () => {
    const built = path.join(repoRoot, 'dist/apps/api/src/status-page/status-page.paths.js');

    expect(statusPageFolder(built)).toBe(publicFolder);
  });

  it('says what is missing when there is no repository above', () => {
    expect(() => statusPageFolder('/nowhere/at/all.js')).toThrow(/cannot find the status page/);
  });
});
