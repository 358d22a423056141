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
/**
 * Who is looking: the host product (`caac` or `maac`) and the viewer's role in it (`KNOWN_ROLES` lists
 * the roles the products know; a backend may send others). `getViewer` answers it, or a host sets it.
 */
export type Viewer = z.infer<typeof ViewerSchema>;
