// The floors of the benchmark's clicks (test/bench/interactions.mjs): each button does only the
// browser's own work of a click of the real flows, with no framework and no rendering of its own.
//   "Open a window": `window.open` of a blank page, exactly as src/popup/popup-window.ts opens Meta's
//     consent window (same name, same features string), before the real flow navigates it.
//   "Show the dialog": `showModal()` of a <dialog> built by `buildDialog(n)` with as many elements as
//     the open wizard has (counted by the benchmark from the real wizard's shadow DOM in the same run).
//   "Close": `close()` of that dialog, the floor of Done and Close.
const FEATURES = 'popup=yes,width=600,height=720';
const dialog = document.getElementById('dialog');

document.getElementById('open-window').addEventListener('click', () => {
  window.popup = window.open('', 'channel-kit-authorization', FEATURES);
});
document.getElementById('show-modal').addEventListener('click', () => dialog.showModal());

/** Fills the dialog with `count` elements in all, the <dialog> itself included (at least 5). */
window.buildDialog = (count) => {
  const make = (tag, text, attributes = {}) => {
    const element = document.createElement(tag);
    if (text) element.textContent = text;
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    return element;
  };
  dialog.replaceChildren();
  const title = make('h2', 'Add a channel', { id: 'dialog-title' });
  const body = make('div');
  const footer = make('div', '', { class: 'footer' });
  const close = make('button', 'Close', { type: 'button', id: 'close' });
  close.addEventListener('click', () => dialog.close());
  footer.append(close);
  dialog.append(title, body, footer);
  // dialog, h2, body, footer, button: 5 so far; the rest as options of four elements (a box, a
  // label, a radio, a description), then single paragraphs for what is left.
  let left = Math.max(0, count - 5);
  let index = 0;
  while (left >= 4) {
    const option = make('div', '', { class: 'option' });
    const label = make('label', `Option ${++index}`);
    const radio = make('input', '', { type: 'radio', name: 'option', value: String(index) });
    label.prepend(radio);
    option.append(label, make('span', 'A line of description, as long as the wizard’s.'));
    body.append(option);
    left -= 4;
  }
  while (left-- > 0) body.append(make('p', 'A paragraph.'));
  return dialog.querySelectorAll('*').length + 1;
};
