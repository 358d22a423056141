import * as z from 'zod/mini';
import { META_CALL_ERRORS, type MetaEffect } from './effects.js';
import { MetaId } from './meta-id.js';

// Only the envelope is read whole; each entry and each change is read on its own, so one that is not
// understood (a message, a field added later) is skipped without hiding the others.
const Delivery = z.object({ object: z.string(), entry: z.array(z.unknown()) });
const Entry = z.object({ id: MetaId, time: z.optional(z.number()), changes: z.optional(z.array(z.unknown())) });
const Change = z.object({ field: z.string(), value: z.unknown() });

/** `application` › `business_integration_uninstall` (META-API §1): the business removed the app. */
const BusinessUninstall = z.object({ business_manager_id: MetaId });
/** `whatsapp_business_account` › `account_update` (META-API §4); only `event` is read. */
const AccountUpdate = z.object({ event: z.string() });

const WABA_REMOVALS: ReadonlyMap<string, MetaEffect['error']> = new Map<string, MetaEffect['error']>([
  ['PARTNER_REMOVED', META_CALL_ERRORS.partnerRemoved],
  ['PARTNER_APP_UNINSTALLED', META_CALL_ERRORS.partnerAppUninstalled],
]);

/**
 * What a webhook delivery (its signature already checked) changes. Deliveries this server does not act
 * on — messages, other events — give nothing: they are acknowledged and ignored.
 */
export function effectsOf(body: unknown): MetaEffect[] {
  const delivery = z.safeParse(Delivery, body);
  if (!delivery.success) return [];
  const effects: MetaEffect[] = [];
  for (const rawEntry of delivery.data.entry) {
    const entry = z.safeParse(Entry, rawEntry);
    if (!entry.success) continue;
    for (const rawChange of entry.data.changes ?? []) {
      const change = z.safeParse(Change, rawChange);
      if (!change.success) continue;
      const effect = effectOf(delivery.data.object, entry.data.id, change.data.field, change.data.value);
      // The change as delivered (not as parsed), so a replay has the same key and a different change does not.
      const key = JSON.stringify([delivery.data.object, entry.data.id, change.data.field, change.data.value, entry.data.time ?? null]);
      if (effect) effects.push({ ...effect, key });
    }
  }
  return effects;
}

function effectOf(object: string, entryId: string, field: string, value: unknown): Omit<MetaEffect, 'key'> | null {
  if (object === 'application' && field === 'business_integration_uninstall') {
    const parsed = z.safeParse(BusinessUninstall, value);
    return parsed.success ? { ref: `business:${parsed.data.business_manager_id}`, change: 'removed_at_meta', error: META_CALL_ERRORS.businessUninstalled } : null;
  }
  if (object === 'whatsapp_business_account' && field === 'account_update') {
    // The entry's id is the WhatsApp Business Account's.
    const parsed = z.safeParse(AccountUpdate, value);
    const error = parsed.success ? WABA_REMOVALS.get(parsed.data.event) : undefined;
    return error ? { ref: `waba:${entryId}`, change: 'removed_at_meta', error } : null;
  }
  return null;
}
