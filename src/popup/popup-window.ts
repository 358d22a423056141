const FEATURES = 'popup=yes,width=600,height=720';

/**
 * Opens the authorization window. Call it synchronously inside the click handler, before any await:
 * browsers block a window opened later. Navigate it once the backend has answered. `null` means the
 * browser blocked it.
 */
export function openPopupWindow(open: typeof window.open = window.open.bind(window)): Window | null {
  return open('', 'channel-kit-authorization', FEATURES);
}
