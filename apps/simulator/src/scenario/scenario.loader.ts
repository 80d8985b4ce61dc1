import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ScenarioError } from './scenario.error.js';
import { scenarioSchema, type Scenario } from './scenario.schema.js';

/**
 * The shipped scenarios live in `apps/simulator/scenarios`, found from the repository root (the nearest
 * folder with a package.json) so that the same lookup works from the sources and from `dist/`.
 */
export function scenariosDirectory(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(directory, 'package.json'))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error('Cannot find the repository root above the simulator');
    directory = parent;
  }
  return path.join(directory, 'apps', 'simulator', 'scenarios');
}

/** The names of the shipped scenarios (file names without `.yaml`). */
export async function shippedScenarioNames(): Promise<string[]> {
  const files = await readdir(scenariosDirectory());
  return files.filter((file) => file.endsWith('.yaml')).map((file) => file.slice(0, -'.yaml'.length));
}

/** A shipped scenario's name (`admin-center-outage`) or the path of a YAML file. */
export function resolveScenarioPath(nameOrPath: string): string {
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.includes('\\') || /\.ya?ml$/.test(nameOrPath);
  return looksLikePath ? path.resolve(nameOrPath) : path.join(scenariosDirectory(), `${nameOrPath}.yaml`);
}

export async function loadScenario(nameOrPath: string): Promise<Scenario> {
  const file = resolveScenarioPath(nameOrPath);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScenarioError(file, [code === 'ENOENT' ? 'no such file' : `cannot read it (${code})`]);
  }
  return parseScenario(text, file);
}

/** Parses YAML; problems name the line and column, the path in the document and what is wrong. */
export function parseScenario(text: string, source: string): Scenario {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ScenarioError(
      source,
      document.errors.map((error) => error.message.split('\n')[0] ?? error.message),
    );
  }
  const result = scenarioSchema.safeParse(document.toJS());
  if (result.success) return result.data;
  throw new ScenarioError(
    source,
    result.error.issues.map((issue) => `${where(document, lines, issue.path)}${describe(issue)}`),
  );
}

/** Validates a scenario given as an object (tests build them inline). */
export function validateScenario(input: unknown, source = 'inline scenario'): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ScenarioError(source, result.error.issues.map(describe));
}

function describe(issue: z.core.$ZodIssue): string {
  const at = documentPath(issue.path);
  return at === '' ? issue.message : `${at}: ${issue.message}`;
}

/** `tenants[1].clientSecret`, the way people read a path in a document. */
function documentPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

/** `line 12, column 5: ` for the deepest node of the path that exists in the document. */
function where(document: Document, lines: LineCounter, segments: readonly PropertyKey[]): string {
  for (let depth = segments.length; depth > 0; depth -= 1) {
    const node = document.getIn(segments.slice(0, depth), true) as
      { range?: [number, number, number] } | undefined;
    if (node?.range) {
      const { line, col } = lines.linePos(node.range[0]);
      return `line ${line}, column ${col}: `;
    }
  }
  return '';
}
