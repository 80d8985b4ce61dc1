import { readFileSync } from 'node:fs';
import { canonicalJson, contentHash } from './content-hash.util.js';

describe(canonicalJson.name, () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ a: { d: [3, { f: 1, e: 2 }], c: null } }, '{"a":{"c":null,"d":[3,{"e":2,"f":1}]}}'],
    [{ a: undefined, b: 'x' }, '{"b":"x"}'],
    [[undefined, 1], '[null,1]'],
    ['é"\n', '"é\\"\\n"'],
    [null, 'null'],
    // As JSON.stringify writes them (the walk before wrote `{}`, and `null` for a function in an object).
    [{ at: new Date(0), f: () => 1 }, '{"at":"1970-01-01T00:00:00.000Z"}'],
  ])('writes %j as %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });
});

describe(contentHash.name, () => {
  const post = { Id: '1', Status: 'Available', LastUpdatedTime: '2026-11-20T06:04:12+00:00' };

  it('is a sha256 in hex', () => {
    expect(contentHash(post)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on field order', () => {
    expect(contentHash({ a: 1, b: { c: 2, d: 3 } })).toBe(contentHash({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it('gives the hashes stored signals already have (the canonical text never changes)', () => {
    const fixture = (name: string) =>
      JSON.parse(readFileSync(new URL(`../graph/fixtures/${name}`, import.meta.url), 'utf8')) as Record<
        string,
        unknown
      >;
    expect(contentHash(fixture('issues-page1.json'))).toBe(
      '51c351f53bd6067db2649ef71ea4fbc357490a7b457343703d650a620b0f4ff2',
    );
    expect(contentHash(fixture('messages.json'), ['@odata.context'])).toBe(
      'f3c273954e74fa6fe69f964005c981a171e654911d22742823fcda0f8d339790',
    );
  });

  it('ignores the volatile fields it is told to', () => {
    const later = { ...post, LastUpdatedTime: '2026-11-20T06:06:00+00:00' };
    expect(contentHash(later, ['LastUpdatedTime'])).toBe(contentHash(post, ['LastUpdatedTime']));
    expect(contentHash(later)).not.toBe(contentHash(post));
  });

  it('changes when the content changes', () => {
    expect(contentHash({ ...post, Status: 'Service degradation' }, ['LastUpdatedTime'])).not.toBe(
      contentHash(post, ['LastUpdatedTime']),
    );
  });
});
