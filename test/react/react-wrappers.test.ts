import { expect } from '@open-wc/testing';
import { createElement, type ComponentProps } from 'react';
import { createRoot } from 'react-dom/client';
import * as wrappers from '../../src/react/index.js';
import { until } from '../support/fixtures.js';

interface ManifestDeclaration {
  name: string;
  tagName?: string;
  events?: { name: string }[];
}
interface Manifest {
  modules: { declarations?: ManifestDeclaration[] }[];
}

const callbackOf = (eventName: string) => `on${eventName.replace(/(^|-)([a-z])/g, (_, _dash, letter: string) => letter.toUpperCase())}`;

async function manifestElements(): Promise<ManifestDeclaration[]> {
  const manifest = (await (await fetch('/custom-elements.json')).json()) as Manifest;
  return manifest.modules.flatMap((mod) => mod.declarations ?? []).filter((d) => d.tagName);
}

// The callbacks are typed by their event: this fails the type check if one is missing or loses its type.
const typedCallbacks: Pick<
  ComponentProps<typeof wrappers.ChannelSettings>,
  'onChannelAction' | 'onChannelDisconnectRequest' | 'onChannelConnectError' | 'onChannelDialogClose'
> = {
  onChannelAction: (event) => void event.action,
  onChannelDisconnectRequest: (event) => event.preventDefault(),
  onChannelConnectError: (event) => void event.error,
  onChannelDialogClose: (event) => void event.completed,
};

describe('channel-kit/react', () => {
  it("has a component for every element, with a callback for each event in the manifest and no other", async () => {
    const elements = await manifestElements();
    expect(elements.length).to.equal(7);
    const components = Object.keys(wrappers).filter((name) => name !== 'elementEvents');
    expect(components.sort()).to.deep.equal(elements.map((e) => e.name).sort());
    for (const element of elements) {
      const expected = Object.fromEntries((element.events ?? []).map((e) => [callbackOf(e.name), e.name]));
      const actual = wrappers.elementEvents[element.tagName as keyof typeof wrappers.elementEvents];
      expect(actual, `the callbacks of ${element.name}`).to.deep.equal(expected);
    }
    expect(Object.keys(wrappers.elementEvents['channel-settings'])).to.have.length(10);
    expect(typedCallbacks.onChannelAction).to.be.a('function');
  });

  it('calls each callback when its element fires the event', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    try {
      for (const element of await manifestElements()) {
        const heard: string[] = [];
        // Only the test's own plain events count (the list fires its real channel-list-change as it loads).
        const props = Object.fromEntries((element.events ?? []).map((e) => [callbackOf(e.name), (event: Event) => event.constructor === Event && heard.push(event.type)]));
        const Component = wrappers[element.name as keyof typeof wrappers] as Parameters<typeof createElement>[0];
        root.render(createElement(Component, props));
        await until(() => container.querySelector(element.tagName!), `<${element.tagName}> rendered by React`);
        const el = container.querySelector(element.tagName!)!;
        await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
        for (const event of element.events ?? []) el.dispatchEvent(new Event(event.name));
        expect(heard, `${element.name}'s callbacks`).to.deep.equal((element.events ?? []).map((e) => e.name));
      }
    } finally {
      root.unmount();
      container.remove();
    }
  });
});
