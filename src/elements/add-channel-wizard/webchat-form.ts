import * as z from 'zod/mini';
import type { CreateWebchatInput } from '../../adapters/backend.js';
import { WebchatDomainSchema } from '../../core/channel.js';
import type { Translation } from '../../i18n/translation.js';

/** What is wrong with each field of the Webchat form, in the viewer's language. */
export interface WebchatErrors {
  name?: string;
  domains?: string;
}

/**
 * The Webchat form's name and allowed domains (separated by spaces, commas or lines), and what is
 * wrong with them: `errors` is null when the input may be sent.
 */
export function readWebchatForm(form: HTMLFormElement, t: Translation): { input: CreateWebchatInput; errors: WebchatErrors | null } {
  const data = new FormData(form);
  const name = String(data.get('name') ?? '').trim();
  const domains = String(data.get('domains') ?? '')
    .split(/[\s,]+/)
    .filter(Boolean);
  const badDomain = domains.find((domain) => !z.safeParse(WebchatDomainSchema, domain).success);
  const errors: WebchatErrors = {
    name: name ? undefined : t.webchatNameRequired,
    domains: domains.length === 0 ? t.webchatDomainsRequired : badDomain !== undefined ? t.webchatDomainInvalid(badDomain) : undefined,
  };
  return { input: { name, domains }, errors: errors.name || errors.domains ? errors : null };
}
