// The docs say what the code does, checked where a page states a fact the code can be asked about:
// no links into src/ (it is not in the package), the examples shown are the files the examples
// test runs, the tokens' defaults, the parts each element exposes, the React callbacks, and
// MemoryBackend's defaults.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { MemoryBackend } from '../../src/mocks/memory-backend.js';
import { elementEvents } from '../../src/react/element-events.js';
import { sharedStyles } from '../../src/styles/shared.styles.js';

type Files = Record<string, string>;
let files: Files;
const page = (path: string) => {
  const text = files[path];
  if (text === undefined) throw new Error(`${path} is missing`);
  return text;
};
const pages = () => Object.keys(files).filter((path) => path.endsWith('.md'));

/** The rows of the first table after a heading (or anywhere, without one), as cells. */
function tableAfter(markdown: string, heading?: string): string[][] {
  const from = heading ? markdown.indexOf(`\n${heading}\n`) : 0;
  if (from < 0) throw new Error(`no heading "${heading}"`);
  const lines = markdown.slice(from).split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  return rows;
}
const codeSpans = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** A literal as the docs write it (`{ product: 'caac' }`, `'demo'`, `[]`) → its value. */
function literal(text: string): unknown {
  return JSON.parse(text.replace(/'/g, '"').replace(/([{,]\s*)([A-Za-z_$][\w$]*)\s*:/g, '$1"$2":'));
}

describe('docs match the code', () => {
  before(async () => {
    files = await executeServerCommand<Files, undefined>('channel-kit:docs');
  });

  it('link nowhere into src/, which is not in the package', () => {
    const offending: string[] = [];
    for (const path of pages()) {
      const links = [...page(path).matchAll(/\]\(\s*<?([^)\s>]+)|^\s*\[[^\]]+\]:\s*<?(\S+?)>?\s*$|href=["']([^"']+)["']/gm)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
      for (const link of links) {
        const target = link.replace(/^(\.\.?\/)+/, '').replace(/^\//, '');
        if (/^src(\/|$)/.test(target) || /\/(blob|tree)\/[^/]+\/src\//.test(link)) offending.push(`${path}: ${link}`);
      }
    }
    expect(offending).to.deep.equal([]);
  });

  it('show each example as the file the examples test runs', () => {
    const examples = Object.keys(files).filter((path) => path.startsWith('docs/examples/'));
    expect(examples.length).to.be.greaterThan(1);
    const shown = new Set<string>();
    for (const path of pages()) {
      for (const match of page(path).matchAll(/<!-- example: (\S+)[^>]*-->\s*\n```\w*\n([\s\S]*?)```/g)) {
        const [, file, block] = match;
        expect(files[file!], `${path} shows ${file}, which does not exist`).to.be.a('string');
        expect(block!.trim(), `${path}: the block under "example: ${file}" is not the file as it is`).to.equal(files[file!]!.trim());
        shown.add(file!);
      }
    }
    expect([...shown].sort(), 'every example is shown in a page').to.deep.equal(examples.sort());
  });

  it("theming.md: every element's token, with its light and dark defaults", () => {
    const css = sharedStyles.cssText;
    const block = (selector: string) => {
      const start = css.indexOf(selector);
      return css.slice(start, css.indexOf('}', start));
    };
    const defaults = (text: string) => new Map([...text.matchAll(/--_[\w-]+:\s*var\((--ck-[\w-]+),\s*([^)]+)\)/g)].map((m) => [m[1]!, m[2]!.trim()]));
    const light = defaults(block(':host {'));
    const dark = defaults(block(":host([data-ck-theme='dark'])"));
    const rows = tableAfter(page('docs/theming.md'), '### Every element');
    const documented = new Map(rows.map(([token, , lightCell, darkCell]) => [codeSpans(token!)[0]!, { light: codeSpans(lightCell!)[0], dark: codeSpans(darkCell!)[0] ?? '—' }]));
    expect([...documented.keys()].sort()).to.deep.equal([...light.keys()].sort());
    for (const [token, value] of light) {
      expect(documented.get(token), token).to.deep.equal({ light: value, dark: dark.get(token) ?? '—' });
    }
  });

  it("theming.md: each element's parts are the ones custom-elements.json lists", async () => {
    const manifest = (await (await fetch('/custom-elements.json')).json()) as { modules: { declarations?: { tagName?: string; cssParts?: { name: string }[] }[] }[] };
    const parts = new Map(manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName).map((d) => [d.tagName!, (d.cssParts ?? []).map((p) => p.name).sort()]));
    const rows = tableAfter(page('docs/theming.md'), '## CSS parts');
    for (const [element, listed] of rows) {
      const tag = codeSpans(element!)[0]!.replace(/[<>]/g, '');
      expect([...new Set(codeSpans(listed!))].sort(), `theming.md's parts of <${tag}>`).to.deep.equal(parts.get(tag));
    }
    expect(rows.map(([element]) => codeSpans(element!)[0]!.replace(/[<>]/g, '')).sort()).to.deep.equal([...parts].filter(([, p]) => p.length).map(([tag]) => tag).sort());
  });

  it('theming.md and troubleshooting.md: the defaults they quote are the elements\' own', async () => {
    const manifest = (await (await fetch('/custom-elements.json')).json()) as {
      modules: { declarations?: { tagName?: string; attributes?: { name: string; default?: string }[] }[] }[];
    };
    const attribute = (tag: string, name: string) =>
      manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === tag)?.attributes?.find((a) => a.name === name)?.default;
    const virtualizeAbove = /`virtualize-above` rows, (\d+) by default/.exec(page('docs/theming.md'))?.[1];
    expect(virtualizeAbove).to.equal(attribute('channel-list', 'virtualize-above'));
    const troubleshooting = /The default is Meta's Business Help Center\s+\(`([^`]+)`\)/.exec(page('docs/troubleshooting.md'))?.[1];
    for (const tag of ['add-channel-wizard', 'reauthorize-dialog', 'channel-settings']) expect(`'${troubleshooting}'`).to.equal(attribute(tag, 'troubleshooting-url'));
    expect(page('docs/troubleshooting.md')).to.contain('`<channel-settings>` takes the\nsame attribute and passes it on');
  });

  it("getting-started.md: each React component's callbacks are the wrapper's", () => {
    const rows = tableAfter(page('docs/getting-started.md'), 'The components and their callbacks:');
    const tags: Record<string, keyof typeof elementEvents> = {
      ChannelKitProvider: 'channel-kit-provider',
      ChannelSettings: 'channel-settings',
      ChannelList: 'channel-list',
      ChannelStatusBadge: 'channel-status-badge',
      AddChannelWizard: 'add-channel-wizard',
      DisconnectDialog: 'disconnect-dialog',
      ReauthorizeDialog: 'reauthorize-dialog',
    };
    expect(rows.map(([component]) => codeSpans(component!)[0]).sort()).to.deep.equal(Object.keys(tags).sort());
    for (const [component, callbacks] of rows) {
      const name = codeSpans(component!)[0]!;
      expect(codeSpans(callbacks!).sort(), name).to.deep.equal(Object.keys(elementEvents[tags[name]!]).sort());
    }
  });

  it("backend-adapter.md: MemoryBackend's defaults", async () => {
    const rows = tableAfter(page('docs/backend-adapter.md'), '### `MemoryBackend` options');
    const defaults = new Map(rows.map(([option, value]) => [codeSpans(option!)[0]!, value!]));
    expect([...defaults.keys()].sort()).to.deep.equal(['callbackUrl', 'channels', 'consentUrl', 'now', 'policy', 'publicUrl', 'viewer', 'workspaceId', 'world']);
    const memory = new MemoryBackend();
    const value = (option: string) => literal(codeSpans(defaults.get(option)!)[0]!);
    expect(value('channels')).to.deep.equal((await memory.listChannels()).channels);
    expect(value('world')).to.deep.equal(memory.world);
    expect(value('viewer')).to.deep.equal(memory.viewer);
    expect(value('workspaceId')).to.equal(memory.server.workspaceId);
    expect(value('publicUrl')).to.equal(memory.server.publicUrl);
    expect(codeSpans(defaults.get('consentUrl')!)).to.include('/fake-meta/consent.html');
    expect(memory.server.callbackUrl).to.equal(`${location.origin}/fake-meta/callback.html`);
  });
});
