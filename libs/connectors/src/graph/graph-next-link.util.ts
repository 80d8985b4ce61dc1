import { ConnectorError } from '../connector.error.js';

export const GRAPH_VERSION = 'v1.0';

/**
 * A next link as a path under the Graph version root, e.g.
 * `/admin/serviceAnnouncement/issues?$skiptoken=…`.
 * The client library only strips the origin of `https://` links (upstreams.md §1), so Beacon does it
 * itself; and a link that leaves the configured Graph root is refused, so the token never goes elsewhere.
 */
export function nextLinkPath(nextLink: string, graphBaseUrl: string): string {
  const root = new URL(`${graphBaseUrl.replace(/\/+$/, '')}/${GRAPH_VERSION}/`);
  let link: URL;
  try {
    link = new URL(nextLink, root);
  } catch {
    throw new ConnectorError('malformed', 'Graph next link is not a URL');
  }
  if (link.origin !== root.origin || !link.pathname.startsWith(root.pathname)) {
    throw new ConnectorError('malformed', `Graph next link leaves ${root.origin}${root.pathname}`);
  }
  return `/${link.pathname.slice(root.pathname.length)}${link.search}`;
}
