import * as z from 'zod/mini';

export const PRODUCTS = ['caac', 'maac'] as const;
export type Product = (typeof PRODUCTS)[number];

/** Roles the host products know; a backend may send others, which are kept as given. */
export const KNOWN_ROLES = ['owner', 'primary_admin', 'admin', 'agent', 'editor', 'viewer'] as const;

export const ViewerSchema = z.object({
  product: z.enum(PRODUCTS),
  role: z.string().check(z.minLength(1)),
  name: z.optional(z.string()),
});
export type Viewer = z.infer<typeof ViewerSchema>;
