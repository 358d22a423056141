type MenuModule = typeof import('../../controllers/menu-controller.js');

// What runs the rows' Edit menus (placing one, its keys, closing it): loaded when the page is idle or
// at the first Edit (whichever comes first), since a page shows its list before anyone opens a menu.
let loaded: MenuModule | undefined;
let loading: Promise<MenuModule> | undefined;

/** The Edit menus' module, once loaded. */
export const rowMenu = () => loaded;

/** Loads the Edit menus' module; a load that failed (offline) is forgotten, so the next call tries again. */
export const loadRowMenu = () =>
  (loading ??= import('../../controllers/menu-controller.js').then(
    (m) => (loaded = m),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  ));
