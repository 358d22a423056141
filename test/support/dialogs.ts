// What the dialog tests share: the close requests a dialog fires, the native `cancel` events Escape
// sends, and a real click (a user activation, which Chromium asks for before a page may refuse Escape).
import { sendMouse } from '@web/test-runner-commands';
import type { ChannelDialogCloseRequestEvent } from '../../src/events/channel-events.js';

/** Every close request `el` fires; `prevent` says whether the host refuses each. */
export function recordRequests(el: HTMLElement, prevent: () => boolean = () => false): ChannelDialogCloseRequestEvent[] {
  const requests: ChannelDialogCloseRequestEvent[] = [];
  el.addEventListener('channel-dialog-close-request', (event) => {
    requests.push(event);
    if (prevent()) event.preventDefault();
  });
  return requests;
}

/** The native dialog's `cancel` events (Escape), read after the element's own listener has seen each. */
export function recordCancels(el: Element): Event[] {
  const cancels: Event[] = [];
  el.shadowRoot!.querySelector('dialog')!.addEventListener('cancel', (event) => cancels.push(event));
  return cancels;
}

/** A real click on `target`, `x` px from its left edge (its middle when not given). */
export async function clickOn(target: Element, x?: number): Promise<void> {
  const box = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + (x ?? box.width / 2)), Math.round(box.y + box.height / 2)] });
}
