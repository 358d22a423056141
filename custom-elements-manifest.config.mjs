// `npm run analyze` → custom-elements.json. Modules are sorted by path so the file does not depend on
// the order a file system lists directories in (CI compares it with the committed one).
import { classesOnly, cssPropertyDefaultsPlugin, defaultsAsValues, elementEvents, parameterPropertyFields } from './test/tools/cem-plugins.mjs';

export default {
  // The elements (with the base classes they inherit from) and their events; styles, helpers and
  // the other modules are implementation, not API (classesOnly drops what is not a class).
  globs: ['src/elements/**/*.ts', 'src/events/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  litelement: true,
  plugins: [
    parameterPropertyFields(),
    elementEvents(),
    defaultsAsValues(),
    cssPropertyDefaultsPlugin(),
    classesOnly(),
    {
      name: 'channel-kit:stable-order',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
      },
    },
  ],
};
