const FEATURES = 'popup=yes,width=600,height=720';

/**
 * Opens the authorization window. Call it synchronously inside the click handler, before any await:
 * browsers block a window opened later. Navigate it once the backend has answered. `null` means the
 * browser blocked it.
 */
export function openPopupWindow(open: typeof window.open = window.open.bind(window)): Window | null {
  const popup = open('', 'channel-kit-authorization', FEATURES);
  if (!popup) return null;
  try {
    // A named window may be left over from an earlier flow; start it blank.
    popup.document.title = '…';
  } catch {
    // A cross-origin window from an earlier flow: it is navigated away below anyway.
  }
  return popup;
}
