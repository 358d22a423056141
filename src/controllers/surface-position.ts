/**
 * Places a surface (a menu, a popover) that opens below its anchor: above it instead, by setting
 * `data-above` (the surface's styles do the rest), when it would run past the bottom of the window or
 * of `boundary` (the scrolling box it opens in, say) and there is room above.
 */
export function flipAboveIfNoRoom(surface: HTMLElement, anchor: Element, boundary?: Element | null): void {
  surface.removeAttribute('data-above');
  const box = boundary?.getBoundingClientRect();
  const bottom = Math.min(window.innerHeight, box?.bottom ?? Infinity);
  const top = Math.max(0, box?.top ?? 0);
  const { height, bottom: surfaceBottom } = surface.getBoundingClientRect();
  surface.toggleAttribute('data-above', surfaceBottom > bottom && anchor.getBoundingClientRect().top - height >= top);
}
