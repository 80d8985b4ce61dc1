import { createHash } from 'node:crypto';
import { type BeaconConfig, BEACON_CONFIG, type GraphTenant } from '#config';
import { type Connector, graphConnectorFactory, GraphPacerRegistry } from '#connectors';
import { SourceRepository } from '#persistence';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type ConnectorChange, type ConnectorSet, CONNECTORS } from '../connector-set.js';
import { StoredTenants } from './stored-tenants.js';
import { watchTenantsFile } from './tenants-file.watcher.js';

/** How often the stored tenants' version is asked for: an admin's change is polled within this. */
export const STORED_TENANTS_REFRESH_MS = 5000;

interface GraphSource {
  tenant: GraphTenant;
  connector: Connector;
}

/**
 * The connectors in force (see `ConnectorSet` in connectors.provider.ts): one per Graph tenant, from the
 * tenants file (or GRAPH_*) and from the database, plus the status site and X. The file wins: a stored
 * tenant with an id the file also lists is not used (and logged), so what an operator wrote down is what
 * runs. Changes are applied one at a time; one whose registration fails is tried again at the next refresh.
 */
@Injectable()
export class LiveConnectorSet implements ConnectorSet, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Tenants');
  private readonly listeners = new Set<(change: ConnectorChange) => void>();
  private readonly graph = new Map<string, GraphSource>();
  private readonly others: Connector[];
  private readonly newGraphConnector: (tenant: GraphTenant) => Connector;
  private fileTenants: GraphTenant[];
  private storedTenants: GraphTenant[] = [];
  private storedVersion: string | null = null;
  /** The stored tenants last found shadowed by the file (logged when that changes). */
  private shadowed = '';
  /** Set when a change could not be applied: the next refresh applies it again. */
  private pending = false;
  private applying: Promise<void> = Promise.resolve();
  private refresh: NodeJS.Timeout | undefined;
  private stopWatching: () => Promise<void> = async () => undefined;

  constructor(
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
    @Inject(CONNECTORS) initial: Connector[],
    private readonly sources: SourceRepository,
    private readonly stored: StoredTenants,
    // Graph's budgets, kept in the database (IngestionModule): shared by every ingestor process.
    graphPacers: GraphPacerRegistry,
  ) {
    this.fileTenants = config.graph.tenants;
    this.newGraphConnector = graphConnectorFactory(config, { graphPacers });
    // The start-up connectors of the configured tenants are theirs until they change; any other (the
    // status site, X, a test's own) stays as it is.
    const tenants = new Map(config.graph.tenants.map((tenant) => [tenant.id, tenant]));
    this.others = [];
    for (const connector of initial) {
      const tenant = connector.channel === 'GRAPH' ? tenants.get(connector.tenantId ?? '') : undefined;
      if (tenant) this.graph.set(tenant.id, { tenant, connector });
      else this.others.push(connector);
    }
  }

  async onModuleInit(): Promise<void> {
    await this.readStored();
    this.pending = true; // the start-up set is registered even when nothing was added to it
    await this.apply();
    if (this.pending) throw new Error('could not register the sources of the tenants');
    const file = this.config.graph.tenantsFile;
    if (file) {
      const fileChanged = (tenants: GraphTenant[]) =>
        this.update(() => {
          this.fileTenants = tenants;
          return true;
        });
      this.stopWatching = watchTenantsFile(file, this.fileTenants, fileChanged, this.logger);
    }
    this.refresh = setInterval(
      () => this.update(async () => (await this.readStored()) || this.pending),
      STORED_TENANTS_REFRESH_MS,
    );
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.refresh);
    await this.stopWatching();
    await this.applying;
  }

  current(): readonly Connector[] {
    return [...[...this.graph.values()].map((source) => source.connector), ...this.others];
  }

  onChange(listener: (change: ConnectorChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once the changes made so far are applied (or found impossible and left pending). */
  settled(): Promise<void> {
    return this.applying;
  }

  /** Queues a change; `change` says whether there is anything to apply. */
  private update(change: () => boolean | Promise<boolean>): void {
    this.applying = this.applying
      .then(async () => {
        if (await change()) await this.apply();
      })
      .catch((error: unknown) =>
        this.logger.error({ error: String(error) }, 'could not apply a tenants change'),
      );
  }

  /** Reads the stored tenants when their version moved on; says whether it did. */
  private async readStored(): Promise<boolean> {
    const version = await this.stored.version();
    if (version === this.storedVersion) return false;
    const read = await this.stored.read();
    for (const problem of read.problems) this.logger.error({ problem }, 'stored tenant not used');
    this.storedTenants = read.tenants;
    this.storedVersion = version;
    return true;
  }

  /** Makes the connectors match the tenants wanted, registers their sources, then announces the change. */
  private async apply(): Promise<void> {
    const wanted = this.wanted();
    const added: GraphSource[] = [];
    const removed: GraphSource[] = [];
    for (const [id, source] of this.graph) if (!wanted.has(id)) removed.push(source);
    for (const tenant of wanted.values()) {
      const existing = this.graph.get(tenant.id);
      if (existing && fingerprint(existing.tenant) === fingerprint(tenant)) continue;
      if (existing) removed.push(existing);
      added.push({ tenant, connector: this.newGraphConnector(tenant) });
    }
    const tenants = [...wanted.values()];
    const renamed = tenants.some(
      (tenant) => this.graph.get(tenant.id)?.tenant.displayName !== tenant.displayName,
    );
    if (added.length === 0 && removed.length === 0 && !renamed && !this.pending) return;

    try {
      await this.register(tenants);
    } catch (error) {
      this.pending = true;
      this.logger.error({ error: String(error) }, 'could not register the tenants: tried again shortly');
      return;
    }
    this.pending = false;
    for (const source of removed) this.graph.delete(source.tenant.id);
    for (const source of added) this.graph.set(source.tenant.id, source);
    for (const tenant of tenants) {
      const source = this.graph.get(tenant.id);
      if (source) source.tenant = tenant;
    }
    if (added.length === 0 && removed.length === 0) return;
    this.logger.log(
      {
        added: added.filter((a) => !removed.some((r) => r.tenant.id === a.tenant.id)).map((a) => a.tenant.id),
        changed: added
          .filter((a) => removed.some((r) => r.tenant.id === a.tenant.id))
          .map((a) => a.tenant.id),
        removed: removed
          .filter((r) => !added.some((a) => a.tenant.id === r.tenant.id))
          .map((r) => r.tenant.id),
      },
      'tenants changed',
    );
    const change = { added: added.map((a) => a.connector), removed: removed.map((r) => r.connector) };
    for (const listener of this.listeners) listener(change);
  }

  /** The file's tenants, then the stored ones whose id the file does not list. */
  private wanted(): Map<string, GraphTenant> {
    const wanted = new Map(this.fileTenants.map((tenant) => [tenant.id, tenant]));
    const shadowed = this.storedTenants.filter((tenant) => wanted.has(tenant.id)).map((tenant) => tenant.id);
    if (shadowed.join() !== this.shadowed) {
      this.shadowed = shadowed.join();
      if (shadowed.length > 0)
        this.logger.warn(
          { tenants: shadowed },
          'stored tenants shadowed by the tenants file: the file’s are used',
        );
    }
    for (const tenant of this.storedTenants) if (!wanted.has(tenant.id)) wanted.set(tenant.id, tenant);
    return wanted;
  }

  private register(tenants: GraphTenant[]): Promise<void> {
    const configured = [
      ...tenants.map((tenant) => ({ channel: 'GRAPH' as const, tenantId: tenant.id })),
      ...this.others.map(({ channel, tenantId }) => ({ channel, tenantId })),
    ];
    const disabled = (['GRAPH', 'STATUS_SITE', 'X'] as const)
      .filter((channel) => !configured.some((source) => source.channel === channel))
      .map((channel) => ({ channel, tenantId: null }));
    return this.sources.register(
      tenants.map(({ id, displayName }) => ({ id, displayName })),
      configured,
      disabled,
    );
  }
}

/** What makes a tenant's connector: a change here replaces it (a rotated secret, another certificate). */
function fingerprint({ clientId, credential }: GraphTenant): string {
  const material =
    credential.kind === 'secret'
      ? credential.clientSecret.reveal()
      : credential.certificate.certificatePem + credential.certificate.privateKey.reveal();
  return createHash('sha256')
    .update(JSON.stringify([clientId, credential.kind, material]))
    .digest('hex');
}
