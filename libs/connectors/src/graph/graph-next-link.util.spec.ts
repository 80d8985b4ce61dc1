import { nextLinkPath } from './graph-next-link.util.js';

describe(nextLinkPath.name, () => {
  it.each([
    [
      'https://graph.microsoft.com/v1.0/admin/serviceAnnouncement/issues?$skiptoken=MSZW',
      'https://graph.microsoft.com',
      '/admin/serviceAnnouncement/issues?$skiptoken=MSZW',
    ],
    [
      'http://127.0.0.1:4010/v1.0/admin/serviceAnnouncement/messages?$filter=lastModifiedDateTime%20ge%202026-11-20T00:00:00Z&$skiptoken=abc',
      'http://127.0.0.1:4010/',
      '/admin/serviceAnnouncement/messages?$filter=lastModifiedDateTime%20ge%202026-11-20T00:00:00Z&$skiptoken=abc',
    ],
    [
      'https://GRAPH.microsoft.us/v1.0/admin/serviceAnnouncement/issues?$skiptoken=x',
      'https://graph.microsoft.us',
      '/admin/serviceAnnouncement/issues?$skiptoken=x',
    ],
    ['http://127.0.0.1:4010/graph/v1.0/admin/x?a=1', 'http://127.0.0.1:4010/graph', '/admin/x?a=1'],
    [
      'admin/serviceAnnouncement/issues?$skiptoken=rel',
      'http://127.0.0.1:4010',
      '/admin/serviceAnnouncement/issues?$skiptoken=rel',
    ],
  ])('turns %s under %s into %s', (link, base, path) => {
    expect(nextLinkPath(link, base)).toBe(path);
  });

  it.each([
    ['another host', 'https://evil.example/v1.0/admin/serviceAnnouncement/issues'],
    ['another port', 'http://127.0.0.1:9999/v1.0/admin/serviceAnnouncement/issues'],
    ['another version', 'http://127.0.0.1:4010/beta/admin/serviceAnnouncement/issues'],
  ])('refuses a link to %s', (_case, link) => {
    expect(() => nextLinkPath(link, 'http://127.0.0.1:4010')).toThrow(
      expect.objectContaining({ kind: 'malformed' }),
    );
  });
});
