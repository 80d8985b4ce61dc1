import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.guard.js';
import { GraphTenantAdminService } from './graph-tenant-admin.service.js';
import { GraphTenantInput, GraphTenantModel } from './graph-tenant.models.js';

/** Tenants at run time, for admins; every change is audited under the acting key's name. */
@Resolver()
@Roles('admin')
export class GraphTenantsResolver {
  constructor(private readonly admin: GraphTenantAdminService) {}

  @Query(() => [GraphTenantModel], {
    description: 'The tenants added by admins (those of the tenants file are not listed). Admins only.',
  })
  graphTenants(): Promise<GraphTenantModel[]> {
    return this.admin.list();
  }

  @Mutation(() => GraphTenantModel, { description: 'Polled by every ingestor within seconds. Admins only.' })
  addGraphTenant(
    @Args('input', { type: () => GraphTenantInput }) input: GraphTenantInput,
    @Context('principal') principal: Principal,
  ): Promise<GraphTenantModel> {
    return this.admin.add(input, principal.name);
  }

  @Mutation(() => GraphTenantModel, {
    description: "Rotates the tenant's secret or certificate: the next token uses the new one. Admins only.",
  })
  updateGraphTenant(
    @Args('input', { type: () => GraphTenantInput }) input: GraphTenantInput,
    @Context('principal') principal: Principal,
  ): Promise<GraphTenantModel> {
    return this.admin.update(input, principal.name);
  }

  @Mutation(() => GraphTenantModel, {
    description: 'Stops polling the tenant; what Beacon stored of it is kept. Admins only.',
  })
  removeGraphTenant(
    @Args('id', { type: () => ID }) id: string,
    @Context('principal') principal: Principal,
  ): Promise<GraphTenantModel> {
    return this.admin.remove(id, principal.name);
  }
}
