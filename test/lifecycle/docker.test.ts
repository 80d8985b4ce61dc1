import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// No Docker engine runs here: the deployment files are checked for what they promise instead.
const root = process.cwd();
const compose = parse(readFileSync(join(root, 'docker/compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const dockerfile = readFileSync(join(root, 'docker/Dockerfile'), 'utf8');
const scripts = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

/** The process an npm script starts, without the build it runs first: e.g. `node dist/apps/api/src/main.js`. */
function processOf(script: string): string {
  const command = scripts[script]!.split('&&').map((part) => part.trim());
  expect(command[0]).toBe('npm run build');
  return command.at(-1)!;
}

const beaconServices = Object.entries(compose.services).filter(([, service]) => service.build);

describe('docker/compose.yml', () => {
  it('runs PostgreSQL 18 with a health check', () => {
    const { postgres } = compose.services;
    expect(postgres?.image).toMatch(/^postgres:18(\.|$)/);
    expect(postgres?.healthcheck?.test.join(' ')).toMatch(/pg_isready/);
  });

  it('runs one API and two ingestors from the image, with the commands of npm run start:api and start:ingestor', () => {
    const commands = beaconServices.map(([, service]) => service.command!.join(' ')).sort();
    expect(commands).toEqual(
      [processOf('start:api'), processOf('start:ingestor'), processOf('start:ingestor')].sort(),
    );
    for (const [, service] of beaconServices) {
      expect(service.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
      expect(existsSync(join(root, 'dist', service.command![1]!.replace(/^dist\//, '')))).toBe(true);
    }
  });

  it('gives every Beacon process the same DATABASE_URL, on the compose PostgreSQL, once it is healthy', () => {
    const urls = new Set(beaconServices.map(([, service]) => service.environment?.DATABASE_URL));
    expect(urls.size).toBe(1);
    expect([...urls][0]).toMatch(/^postgres:\/\/beacon:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432\/beacon$/);
    for (const [, service] of beaconServices) {
      expect(service.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    }
  });

  it('checks the readiness of every Beacon process', () => {
    for (const [, service] of beaconServices) {
      expect(service.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:3000/health/ready');
    }
  });
});

describe('docker/Dockerfile', () => {
  const lastStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('runs as an unprivileged user', () => {
    const user = /^USER (\S+)$/m.exec(lastStage)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });

  it('starts what npm start starts, from the output of the same build', () => {
    const command = JSON.parse(/^CMD (\[.*\])$/m.exec(lastStage)![1]!) as string[];
    expect(command.join(' ')).toBe(processOf('start'));
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    expect(lastStage).toMatch(/^COPY --from=build \/app\/dist dist$/m);
  });
});
