import type { ApiKeyRole } from '#persistence';
import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';

/** GraphQL's names for the roles (VIEWER …), the database's values (viewer …). */
export const ApiKeyRoleEnum = { VIEWER: 'viewer', ANALYST: 'analyst', ADMIN: 'admin' } as const;

registerEnumType(ApiKeyRoleEnum, {
  name: 'ApiKeyRole',
  description: 'What a key may do; each role may also do everything of the roles before it.',
  valuesMap: {
    VIEWER: { description: 'Status, incidents, messages, sources, subscriptions.' },
    ANALYST: { description: 'Also history, statistics and exports.' },
    ADMIN: { description: 'Also keys and the audit log.' },
  },
});

@ObjectType('ApiKey', { description: 'A key to this API. The key itself is shown only when it is created.' })
export class ApiKeyModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: "The key's first characters, to recognise it." })
  prefix: string;

  @Field(() => ApiKeyRoleEnum)
  role: ApiKeyRole;

  @Field(() => [ID], { nullable: true, description: 'The tenants it reads; null: every tenant.' })
  tenantIds: string[] | null;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'To the minute.' })
  lastUsedAt: Date | null;
}

@ObjectType('NewApiKey')
export class NewApiKeyModel {
  @Field(() => ApiKeyModel)
  apiKey: ApiKeyModel;

  @Field({ description: 'The key: shown this once; Beacon keeps only its SHA-256 digest.' })
  key: string;
}

@InputType('CreateApiKeyInput')
export class CreateApiKeyInput {
  @Field()
  name: string;

  @Field(() => ApiKeyRoleEnum)
  role: ApiKeyRole;

  @Field(() => [ID], { nullable: true, description: 'Left out or null: every tenant.' })
  tenantIds?: string[] | null;
}

@ObjectType('AuditEntry', { description: 'One administrative action.' })
export class AuditEntryModel {
  @Field(() => ID)
  id: string;

  @Field()
  at: Date;

  @Field({ description: "Who: a key's name and prefix, API_KEYS #n, or cli:<user>." })
  actor: string;

  @Field({ description: 'What, e.g. key.create, key.revoke, key.rotate.' })
  action: string;

  @Field(() => String, { nullable: true })
  target: string | null;

  @Field({ description: 'Its details, as a JSON object (never a secret).' })
  details: string;
}
