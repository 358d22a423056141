import { expect } from '@open-wc/testing';
import type { Channel } from '../../src/core/channel.js';
import * as eventModule from '../../src/events/channel-events.js';
import { listOf, mountSettings } from '../support/fixtures.js';

interface ManifestEvent {
  name: string;
  type?: { text: string };
}
interface ManifestDeclaration {
  name: string;
  tagName?: string;
  events?: ManifestEvent[];
  members?: { kind: string; name: string; static?: boolean }[];
}
interface Manifest {
  modules: { declarations?: ManifestDeclaration[] }[];
}

type EventClass = new (...args: never[]) => Event;

/** A sample value for each field an event carries, in its constructor's order. */
function sampleArgs(fields: string[], channel: Channel): unknown[] {
  const samples: Record<string, unknown> = { channel, channels: [channel], action: 'reauthorize', completed: false, error: new Error('sample'), source: 'keyboard' };
  return fields.map((field) => {
    if (!(field in samples)) throw new Error(`no sample for the event field '${field}': add one to this test`);
    return samples[field];
  });
}

describe('<channel-settings> events', () => {
  it('documents exactly the events that reach its host, each from the element inside that fires it', async () => {
    const manifest = (await (await fetch('/custom-elements.json')).json()) as Manifest;
    const declarations = manifest.modules.flatMap((mod) => mod.declarations ?? []);
    const byTag = new Map(declarations.filter((d) => d.tagName).map((d) => [d.tagName!, d]));
    const byClass = new Map(declarations.map((d) => [d.name, d]));
    const documented = (byTag.get('channel-settings')?.events ?? []).map((e) => e.name).sort();

    const { el } = await mountSettings();
    const [channel] = listOf(el).channels;
    const heard = new Set<string>();
    const allNames = [...new Set(declarations.flatMap((d) => (d.events ?? []).map((e) => e.name)))];
    for (const name of allNames) el.addEventListener(name, (event) => heard.add(event.type));

    // Every event each inner element documents, dispatched from that element as it would fire it.
    for (const inner of el.shadowRoot!.querySelectorAll('channel-list, add-channel-wizard, disconnect-dialog, reauthorize-dialog')) {
      for (const event of byTag.get(inner.localName)?.events ?? []) {
        const className = event.type!.text;
        const EventClass = (eventModule as unknown as Record<string, EventClass>)[className]!;
        const fields = (byClass.get(className)?.members ?? []).filter((m) => m.kind === 'field' && !m.static).map((m) => m.name);
        inner.dispatchEvent(new EventClass(...(sampleArgs(fields, channel!) as never[])));
      }
    }
    // Its own: "Add Channel".
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="add-button"]')!.click();
    for (const dialog of el.shadowRoot!.querySelectorAll<HTMLElement & { close(): void }>('add-channel-wizard, disconnect-dialog, reauthorize-dialog')) dialog.close();

    expect([...heard].sort(), 'the events heard on <channel-settings>, against its @fires lines').to.deep.equal(documented);
    expect(documented).to.include.members([
      'channel-action',
      'channel-add-request',
      'channel-connect-error',
      'channel-connected',
      'channel-dialog-close',
      'channel-disconnect-request',
      'channel-disconnected',
      'channel-reauthorized',
    ]);
  });
});
