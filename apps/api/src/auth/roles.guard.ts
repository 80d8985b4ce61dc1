import type { ApiKeyRole } from '#persistence';
import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { type Principal, requireRole } from './principal.js';

const REQUIRED_ROLE = 'beacon:requiredRole';

/** Refuses a query, mutation or subscription to keys below the role `@Roles()` names (FORBIDDEN). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const role = this.reflector.getAllAndOverride<ApiKeyRole | undefined>(REQUIRED_ROLE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (role) requireRole(GqlExecutionContext.create(context).getContext<{ principal: Principal }>(), role);
    return true;
  }
}

/**
 * The least role a resolver (or every resolver of a class) needs, e.g. `@Roles('analyst')` on statistics
 * and exports, `@Roles('admin')` on key management. Field resolvers are not guarded: put it on the query.
 */
export function Roles(role: ApiKeyRole) {
  return applyDecorators(SetMetadata(REQUIRED_ROLE, role), UseGuards(RolesGuard));
}
