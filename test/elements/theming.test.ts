import { expect, fixture, html } from '@open-wc/testing';
import type { AddChannelWizard } from '../../src/elements/add-channel-wizard/add-channel-wizard.js';
import type { ChannelSettings } from '../../src/elements/channel-settings/channel-settings.js';
import { MemoryBackend } from '../../src/mocks/memory-backend.js';
import { typicalOptions } from '../support/backends.js';
import { listOf, mountSettings, settled, until } from '../support/fixtures.js';

interface ManifestPart {
  name: string;
}
interface ManifestElement {
  tagName?: string;
  cssParts?: ManifestPart[];
}
interface Manifest {
  modules: { declarations?: ManifestElement[] }[];
}

const manifestParts = async () => {
  const manifest = (await (await fetch('/custom-elements.json')).json()) as Manifest;
  const parts = new Map<string, string[]>();
  for (const mod of manifest.modules) for (const decl of mod.declarations ?? []) if (decl.tagName) parts.set(decl.tagName, (decl.cssParts ?? []).map((p) => p.name));
  return parts;
};

/** `exportparts="a, b: c"` → [['a', 'a'], ['b', 'c']]: inner name → the name the host sees. */
const exportedParts = (el: Element) =>
  (el.getAttribute('exportparts') ?? '')
    .split(',')
    .map((entry) => entry.split(':').map((name) => name.trim()))
    .filter(([inner]) => inner)
    .map(([inner, outer]) => [inner!, outer ?? inner!] as const);

const radiosOf = async (wizard: AddChannelWizard) => {
  wizard.show();
  await wizard.updateComplete;
  return [...wizard.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
};

describe('theming', () => {
  it("the wizard's radios take the accent token, not the browser's blue", async () => {
    const memory = new MemoryBackend(typicalOptions());
    const host = await fixture(html`<div>
      <div style="--ck-color-accent: rgb(107, 43, 217)">
        <add-channel-wizard class="themed" .backend=${memory} .viewer=${memory.viewer}></add-channel-wizard>
      </div>
      <add-channel-wizard class="plain" .backend=${memory} .viewer=${memory.viewer}></add-channel-wizard>
      <add-channel-wizard class="dark" theme="dark" .backend=${memory} .viewer=${memory.viewer}></add-channel-wizard>
    </div>`);
    const themed = await radiosOf(host.querySelector<AddChannelWizard>('.themed')!);
    expect(themed.length).to.be.greaterThan(0);
    for (const radio of themed) expect(getComputedStyle(radio).accentColor).to.equal('rgb(107, 43, 217)');
    // Without the token, the built-in accent of each theme (docs/theming.md: #1f5fbf light, #7fb0ff dark).
    const [plain] = await radiosOf(host.querySelector<AddChannelWizard>('.plain')!);
    expect(getComputedStyle(plain!).accentColor).to.equal('rgb(31, 95, 191)');
    const dark = host.querySelector<AddChannelWizard>('.dark')!;
    await until(() => dark.dataset.ckTheme === 'dark', 'the dark theme');
    const [darkRadio] = await radiosOf(dark);
    expect(getComputedStyle(darkRadio!).accentColor).to.equal('rgb(127, 176, 255)');
    for (const el of host.querySelectorAll<AddChannelWizard>('add-channel-wizard')) el.close();
  });

  it("a host's ::part() rule reaches the dialogs inside <channel-settings>", async () => {
    const style = document.createElement('style');
    style.textContent = `
      channel-settings::part(disconnect-dialog) { border-color: rgb(1, 2, 3); }
      channel-settings::part(confirm-button) { background-color: rgb(4, 5, 6); }
      channel-settings::part(reauthorize-dialog) { border-color: rgb(7, 8, 9); }
      channel-settings::part(wizard-dialog) { border-color: rgb(10, 11, 12); }
      channel-settings::part(steps) { color: rgb(13, 14, 15); }
    `;
    document.head.append(style);
    try {
      const { el } = await mountSettings();
      const root = el.shadowRoot!;
      const [channel] = listOf(el).channels;
      const disconnect = root.querySelector('disconnect-dialog')!;
      disconnect.show(channel);
      await disconnect.updateComplete;
      const inside = (host: Element, part: string) => host.shadowRoot!.querySelector(`[part~="${part}"]`)!;
      expect(getComputedStyle(inside(disconnect, 'dialog')).borderColor).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(inside(disconnect, 'confirm-button')).backgroundColor).to.equal('rgb(4, 5, 6)');
      disconnect.close();
      const reauthorize = root.querySelector('reauthorize-dialog')!;
      reauthorize.show(channel);
      await reauthorize.updateComplete;
      expect(getComputedStyle(inside(reauthorize, 'dialog')).borderColor).to.equal('rgb(7, 8, 9)');
      reauthorize.close();
      const wizard = root.querySelector('add-channel-wizard')!;
      wizard.show();
      await wizard.updateComplete;
      expect(getComputedStyle(inside(wizard, 'dialog')).borderColor).to.equal('rgb(10, 11, 12)');
      expect(getComputedStyle(inside(wizard, 'steps')).color).to.equal('rgb(13, 14, 15)');
      wizard.close();
    } finally {
      style.remove();
    }
  });

  it('<channel-settings> exports every documented part of the elements inside, each under one name it documents', async () => {
    const parts = await manifestParts();
    const memory = new MemoryBackend(typicalOptions());
    const el = await fixture<ChannelSettings>(html`<channel-settings .backend=${memory}></channel-settings>`);
    await settled(el);
    const own = [...el.shadowRoot!.querySelectorAll('[part]')].filter((node) => !node.hasAttribute('exportparts')).flatMap((node) => node.getAttribute('part')!.split(/\s+/));
    const seen = new Map<string, string>();
    for (const name of own) seen.set(name, 'channel-settings');
    for (const inner of el.shadowRoot!.querySelectorAll('[exportparts]')) {
      const exported = exportedParts(inner);
      const documented = parts.get(inner.localName) ?? [];
      expect(documented.length, `${inner.localName}'s parts in the manifest`).to.be.greaterThan(0);
      expect(exported.map(([name]) => name).sort(), `the parts of <${inner.localName}> that <channel-settings> exports`).to.deep.equal([...documented].sort());
      for (const [, outer] of exported) {
        expect(seen.get(outer), `'${outer}' is exported once (a clash needs a prefix)`).to.equal(undefined);
        seen.set(outer, inner.localName);
      }
      for (const name of inner.getAttribute('part')?.split(/\s+/) ?? []) seen.set(name, 'channel-settings');
    }
    // What the host can reach is what <channel-settings> documents (custom-elements.json, docs/elements.md).
    expect([...seen.keys()].sort()).to.deep.equal([...(parts.get('channel-settings') ?? [])].sort());
  });
});
