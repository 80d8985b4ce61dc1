import type { BeaconConfig, GraphTenant } from '#config';
import type { Connector } from './connector.js';
import { connectorSettings, type ConnectorOptions } from './connector.options.js';
import { GraphPacerRegistry, sharedGraphPacers } from './graph/graph-request.pacer.js';
import { GraphServiceHealthConnector } from './graph/graph.connector.js';
import { StatusSiteConnector } from './status-site/status-site.connector.js';
import { XPostsConnector } from './x/x.connector.js';

export interface CreateConnectorsOptions extends ConnectorOptions {
  /**
   * Where the Graph tenants' pacers live. Default: one registry for the whole process (its budget is per
   * tenant, whoever spends it), or a fresh one on the given `clock`.
   */
  graphPacers?: GraphPacerRegistry;
}

/**
 * Every configured connector: one per Graph tenant, then the status site and X when they are configured
 * (a disabled channel has none).
 */
export function createConnectors(config: BeaconConfig, options: CreateConnectorsOptions = {}): Connector[] {
  const settings = connectorSettings(options);
  const connectors: Connector[] = config.graph.tenants.map(graphConnectorFactory(config, options));
  if (config.statusSite.url) connectors.push(new StatusSiteConnector(config.statusSite.url, settings));
  if (config.x.bearerToken) {
    connectors.push(
      new XPostsConnector(config.x.bearerToken, config.x.apiBaseUrl, config.x.username, settings),
    );
  }
  return connectors;
}

/** Makes Graph connectors for tenants as they come (at start-up, or added and rotated at run time). */
export function graphConnectorFactory(
  config: BeaconConfig,
  options: CreateConnectorsOptions = {},
): (tenant: GraphTenant) => Connector {
  const settings = connectorSettings(options);
  const pacers =
    options.graphPacers ?? (options.clock ? new GraphPacerRegistry(options.clock) : sharedGraphPacers);
  const { baseUrl, authorityUrl } = config.graph;
  return (tenant) =>
    new GraphServiceHealthConnector(
      tenant,
      { baseUrl, authorityUrl },
      pacers.forTenant(authorityUrl, tenant.id, tenant.clientId),
      settings,
    );
}
