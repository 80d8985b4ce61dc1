import type { TenantCredentialKind } from '#persistence';
import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';

/** GraphQL's names for the credential kinds (SECRET …), the database's values (secret …). */
export const GraphCredentialKindEnum = { SECRET: 'secret', CERTIFICATE: 'certificate' } as const;

registerEnumType(GraphCredentialKindEnum, {
  name: 'GraphCredentialKind',
  description: 'How the app registration proves itself to Microsoft Entra.',
  valuesMap: {
    SECRET: { description: 'A client secret.' },
    CERTIFICATE: { description: 'A certificate: its private key signs client assertions (recommended).' },
  },
});

@ObjectType('GraphTenant', {
  description: 'A tenant added by an admin, polled through Graph. Its secret or key is never shown.',
})
export class GraphTenantModel {
  @Field(() => ID)
  id: string;

  @Field()
  displayName: string;

  @Field()
  clientId: string;

  @Field(() => GraphCredentialKindEnum)
  credential: TenantCredentialKind;

  @Field(() => String, {
    nullable: true,
    description: "The certificate's SHA-1 thumbprint (hex), as the Azure portal shows it.",
  })
  certificateThumbprint: string | null;

  @Field()
  createdAt: Date;

  @Field({ description: 'When its registration last changed (a rotated secret or certificate).' })
  updatedAt: Date;
}

@InputType('GraphTenantInput', {
  description: 'Give either clientSecret, or certificate and privateKey (PEM, the key RSA and unencrypted).',
})
export class GraphTenantInput {
  @Field(() => ID, { description: 'The tenant id (a GUID) or its primary domain.' })
  id: string;

  @Field(() => String, { nullable: true, description: 'Left out: the id (adding) or unchanged.' })
  displayName?: string | null;

  @Field({ description: 'The application (client) id of the app registration.' })
  clientId: string;

  @Field(() => String, { nullable: true })
  clientSecret?: string | null;

  @Field(() => String, { nullable: true, description: 'The X.509 certificate uploaded to the app (PEM).' })
  certificate?: string | null;

  @Field(() => String, { nullable: true, description: "The certificate's private key (PEM)." })
  privateKey?: string | null;
}
