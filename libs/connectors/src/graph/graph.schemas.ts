import { z } from 'zod';

/**
 * One page of a collection: its items are validated one by one, each with its signal kind's payload schema
 * (`#domain`), so they are `unknown` here.
 */
export const graphPageSchema = z.looseObject({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().min(1).nullish(),
});

/** Graph's error body: `{ error: { code, message } }`. */
export const graphErrorBodySchema = z.looseObject({
  error: z.looseObject({ code: z.string().optional(), message: z.string().optional() }),
});

/** The token endpoint's success answer (client credentials). */
export const graphTokenSchema = z.looseObject({
  token_type: z.string().regex(/^bearer$/i, 'expected token_type Bearer'),
  access_token: z.string().min(1),
  // Entra sends a number; some older endpoints sent a numeric string.
  expires_in: z.coerce.number().int().positive(),
});

/** The token endpoint's error answer, e.g. `invalid_client` with `AADSTS7000215` in its description. */
export const graphTokenErrorSchema = z.looseObject({
  error: z.string(),
  error_description: z.string().optional(),
});

export type GraphToken = z.output<typeof graphTokenSchema>;
