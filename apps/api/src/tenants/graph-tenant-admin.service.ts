import { createHash, X509Certificate } from 'node:crypto';
import { BEACON_CONFIG, type BeaconConfig, graphCertificate, sealSecret, type Secret } from '#config';
import {
  AuditLogRepository,
  type StoredTenantCredential,
  type TenantCredentialKind,
  TenantCredentialsRepository,
  type TenantCredentialWrite,
  TenantsRepository,
} from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { badUserInput } from '../errors/api.error.js';
import type { GraphTenantInput, GraphTenantModel } from './graph-tenant.models.js';
import { TenantScopeService } from './tenant-scope.service.js';

const MAX_ID_LENGTH = 100;
/** A GUID or a domain name: what Entra accepts in its token URL. */
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;

interface Credential {
  kind: TenantCredentialKind;
  /** The client secret or the private key, before sealing. */
  secret: string;
  certificate: string | null;
}

/**
 * Adds, changes (rotates) and removes the tenants admins manage, in `tenant_credentials`: each change and
 * its audit entry commit together, and every ingestor picks it up within seconds. Tenants of the tenants
 * file (or GRAPH_*) are the file's: they cannot be added, changed or removed here. Secrets and keys are
 * sealed with TENANT_CREDENTIALS_KEY and never leave: not in answers, errors, or the audit log.
 */
@Injectable()
export class GraphTenantAdminService {
  private readonly fileTenants: Set<string>;

  constructor(
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLogRepository,
    private readonly credentials: TenantCredentialsRepository,
    private readonly tenants: TenantsRepository,
    private readonly scope: TenantScopeService,
  ) {
    this.fileTenants = new Set(config.graph.tenants.map((tenant) => tenant.id.toLowerCase()));
  }

  async list(): Promise<GraphTenantModel[]> {
    return (await this.credentials.list()).map(toModel);
  }

  async add(input: GraphTenantInput, actor: string): Promise<GraphTenantModel> {
    const { id, clientId, credential, key } = this.validate(input);
    const added = await this.dataSource.transaction(async (manager) => {
      if (await this.credentials.find(manager, id)) {
        throw badUserInput(`tenant ${id} is already added: change it with updateGraphTenant`, 'id');
      }
      await this.tenants.upsert(manager, id, input.displayName?.trim() || id);
      await this.credentials.insert(manager, id, sealed(id, clientId, credential, key));
      const added = (await this.credentials.find(manager, id)) as StoredTenantCredential;
      await this.audit.append(manager, { actor, action: 'tenant.add', target: id, details: details(added) });
      return toModel(added);
    });
    // Once committed: a refresh of the scope that begins from now on reads it too.
    this.scope.learn(id);
    return added;
  }

  /** Replaces the app registration (a rotated secret, a new certificate) and, if given, the name. */
  update(input: GraphTenantInput, actor: string): Promise<GraphTenantModel> {
    const { id, clientId, credential, key } = this.validate(input);
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.credentials.find(manager, id, true))) throw unknownTenant(id);
      if (input.displayName?.trim()) await this.tenants.rename(manager, id, input.displayName.trim());
      await this.credentials.update(manager, id, sealed(id, clientId, credential, key));
      const updated = (await this.credentials.find(manager, id)) as StoredTenantCredential;
      await this.audit.append(manager, {
        actor,
        action: 'tenant.update',
        target: id,
        details: details(updated),
      });
      return toModel(updated);
    });
  }

  /** Stops polling the tenant; its signals, incidents and history stay. */
  remove(id: string, actor: string): Promise<GraphTenantModel> {
    this.refuseFileTenant(id);
    return this.dataSource.transaction(async (manager) => {
      const found = await this.credentials.find(manager, id, true);
      if (!found) throw unknownTenant(id);
      await this.credentials.delete(manager, found.id);
      await this.audit.append(manager, {
        actor,
        action: 'tenant.remove',
        target: found.id,
        details: details(found),
      });
      return toModel(found);
    });
  }

  private validate(input: GraphTenantInput): {
    id: string;
    clientId: string;
    credential: Credential;
    key: Secret;
  } {
    const id = input.id.trim();
    if (id.length === 0 || id.length > MAX_ID_LENGTH || !TENANT_ID.test(id)) {
      throw badUserInput(
        `id must be a tenant id (a GUID) or domain, up to ${MAX_ID_LENGTH} characters`,
        'id',
      );
    }
    this.refuseFileTenant(id);
    const clientId = input.clientId.trim();
    if (clientId.length === 0 || clientId.length > MAX_ID_LENGTH) {
      throw badUserInput(`clientId must be 1 to ${MAX_ID_LENGTH} characters`, 'clientId');
    }
    const key = this.config.tenantCredentialsKey;
    if (!key) {
      throw badUserInput(
        'this Beacon cannot store credentials: set TENANT_CREDENTIALS_KEY (32 random bytes, base64) on every process',
      );
    }
    return { id, clientId, credential: credentialOf(input), key };
  }

  private refuseFileTenant(id: string): void {
    if (this.fileTenants.has(id.trim().toLowerCase())) {
      throw badUserInput(`tenant ${id} is configured by TENANTS_FILE (or GRAPH_*): change it there`, 'id');
    }
  }
}

/** The secret or private key sealed under TENANT_CREDENTIALS_KEY, bound to the tenant's id. */
function sealed(id: string, clientId: string, credential: Credential, key: Secret): TenantCredentialWrite {
  return {
    clientId,
    kind: credential.kind,
    sealedSecret: sealSecret(credential.secret, key, id),
    certificate: credential.certificate,
  };
}

function credentialOf(input: GraphTenantInput): Credential {
  const { clientSecret, certificate, privateKey } = input;
  const given = [clientSecret, certificate ?? privateKey].filter((value) => value != null).length;
  if (given !== 1) throw badUserInput('give either clientSecret, or certificate and privateKey');
  if (clientSecret != null) {
    if (clientSecret.length === 0) throw badUserInput('clientSecret is empty', 'clientSecret');
    return { kind: 'secret', secret: clientSecret, certificate: null };
  }
  if (certificate == null || privateKey == null) {
    throw badUserInput('a certificate needs its privateKey, and a privateKey its certificate');
  }
  try {
    const checked = graphCertificate(certificate, privateKey);
    return { kind: 'certificate', secret: privateKey, certificate: checked.certificatePem };
  } catch (error) {
    throw badUserInput(`certificate: ${(error as Error).message}`, 'certificate');
  }
}

function thumbprint(certificate: string | null): string | null {
  if (certificate === null) return null;
  return createHash('sha1').update(new X509Certificate(certificate).raw).digest('hex').toUpperCase();
}

function toModel({ certificate, ...row }: StoredTenantCredential): GraphTenantModel {
  return { ...row, certificateThumbprint: thumbprint(certificate) };
}

/** What the audit log keeps of a change: who the app is and how it signs in, never with what. */
function details(row: StoredTenantCredential): Record<string, unknown> {
  return {
    displayName: row.displayName,
    clientId: row.clientId,
    credential: row.credential,
    certificateThumbprint: thumbprint(row.certificate),
  };
}

function unknownTenant(id: string) {
  return badUserInput(`no tenant ${id.slice(0, MAX_ID_LENGTH)} was added by an admin`, 'id');
}
