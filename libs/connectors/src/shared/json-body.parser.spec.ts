import { isHtmlPage, parseJsonBody } from './json-body.parser.js';

describe(isHtmlPage.name, () => {
  it.each<[string, string | null, boolean]>([
    ['{}', 'text/html; charset=utf-8', true],
    ['<!DOCTYPE html><html></html>', 'application/json', true],
    ['  \n<html lang="en">', null, true],
    ['{"a":1}', 'application/json', false],
    ['<rss version="2.0"></rss>', 'application/rss+xml', false],
  ])('%j under %j is a web page: %j', (text, contentType, expected) => {
    expect(isHtmlPage(text, contentType)).toBe(expected);
  });
});

describe(parseJsonBody.name, () => {
  it('parses JSON', () => {
    expect(parseJsonBody('{"value":[]}', 'application/json', 'test')).toEqual({ value: [] });
  });

  it.each([
    ['<!doctype html><html></html>', 'text/html', 'Graph GET issues: an HTML page instead of JSON'],
    ['{"value": [', 'application/json', 'Graph GET issues: invalid JSON'],
    ['', 'application/json', 'Graph GET issues: invalid JSON'],
  ])('refuses %j as malformed', (text, contentType, message) => {
    expect(() => parseJsonBody(text, contentType, 'Graph GET issues')).toThrow(
      expect.objectContaining({ kind: 'malformed', message }),
    );
  });
});
