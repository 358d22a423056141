import * as z from 'zod/mini';
import { AuthorizableTypeSchema } from '../../core/authorization.js';
import { WebchatDomainSchema } from '../../core/channel.js';
import { ViewerSchema } from '../../core/viewer.js';

/** An id in a path: what the contract hands out, and nothing that could be a path of its own. */
export const PathIdSchema = z.string().check(z.minLength(1), z.maxLength(200), z.regex(/^[^/\s]+$/));

export const ListQuerySchema = z.object({
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
  limit: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d{1,4}$/)),
      z.pipe(z.transform(Number), z.number().check(z.int(), z.minimum(1), z.maximum(500))),
    ),
  ),
});

export const StartAuthorizationBody = z.object({
  channelType: AuthorizableTypeSchema,
  mode: z.enum(['connect', 'reauthorize']),
  channelId: z.optional(PathIdSchema),
});

export const FinishAuthorizationBody = z.object({
  state: z.string().check(z.minLength(16), z.maxLength(256)),
  code: z.string().check(z.minLength(1), z.maxLength(2048)),
  embeddedSignup: z.optional(
    z.object({
      phoneNumberId: z.optional(z.string().check(z.maxLength(64))),
      wabaId: z.optional(z.string().check(z.maxLength(64))),
      onBusinessApp: z.optional(z.boolean()),
    }),
  ),
});

export const ConnectAccountBody = z.object({
  sessionId: PathIdSchema,
  accountId: z.string().check(z.minLength(1), z.maxLength(200)),
});

export const ReauthorizeBody = ConnectAccountBody;

export const CreateWebchatBody = z.object({
  name: z.pipe(z.string().check(z.maxLength(200)), z.pipe(z.transform((s: string) => s.trim()), z.string().check(z.minLength(1)))),
  domains: z.array(WebchatDomainSchema).check(z.minLength(1), z.maxLength(50)),
});

const ExactOrigin = z.string().check(
  z.refine((value) => {
    try {
      return new URL(value).origin === value && /^https?:/.test(value) && !value.includes('*');
    } catch {
      return false;
    }
  }, 'expected an exact origin such as https://portal.example.com'),
);

export const CreateSessionBody = z.object({
  workspaceId: z.string().check(z.minLength(1), z.maxLength(200)),
  viewer: ViewerSchema,
  allowedOrigins: z.array(ExactOrigin).check(z.minLength(1), z.maxLength(20)),
  ttlSeconds: z.optional(z.number().check(z.int(), z.minimum(60), z.maximum(3600))),
});
