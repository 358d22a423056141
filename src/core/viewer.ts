import * as z from 'zod/mini';
import { longString } from './checks.js';

/** The host products Channel Kit's default permission policy knows. */
export const PRODUCTS = ['caac', 'maac'] as const;
export type KnownProduct = (typeof PRODUCTS)[number];
/** A known product, or a partner's own (which the policy its host supplies decides on). */
export type Product = KnownProduct | (string & {});

/** Roles the host products know; a backend may send others, which are kept as given. */
export const KNOWN_ROLES = ['owner', 'primary_admin', 'admin', 'agent', 'editor', 'viewer'] as const;

export const ViewerSchema = z.object({
  product: longString() as z.ZodMiniType<Product, string>,
  role: longString(),
  name: z.optional(z.string()),
});
/**
 * Who is looking: the host product (`caac`, `maac`, or a partner's own) and the viewer's role in it
 * (`KNOWN_ROLES` lists the roles the products know; a backend may send others). `getViewer` answers
 * it, or a host sets it.
 */
export type Viewer = z.infer<typeof ViewerSchema>;
