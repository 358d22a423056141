// `npm run analyze` → custom-elements.json. Modules are sorted by path so the file does not depend on
// the order a file system lists directories in (CI compares it with the committed one).
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  litelement: true,
  plugins: [
    {
      name: 'channel-kit:stable-order',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
      },
    },
  ],
};
