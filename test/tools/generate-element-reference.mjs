// Writes what is generated from custom-elements.json (`npm run analyze` regenerates the manifest
// first), so that none of it is written twice by hand:
//   - docs/elements.md, the element reference, with the shapes of the types a host hands the
//     elements (`Theme`, `PermissionPolicy`, `GuideLinks`, …) read from the sources;
//   - src/react/element-events.ts, every event each element fires as a React callback, which the
//     wrappers in src/react/index.ts pass to @lit/react;
//   - the modules derived from src/elements/element-list.ts (test/tools/element-modules.mjs);
//   - the token tables of docs/theming.md (between `<!-- tokens: shared|status|single -->` and
//     `<!-- /tokens -->`), from the `@cssprop` lines and the defaults the styles read;
//   - the examples the pages show (README.md, docs/*.md): each block marked
//     `<!-- example: docs/examples/x.ts -->` is that file, which test/docs/examples.test.ts runs.
// With `--check` it writes nothing and exits 1 when a committed file differs from what it would write.
//
//   node test/tools/generate-element-reference.mjs           # write them
//   node test/tools/generate-element-reference.mjs --check   # exit 1 if one is stale
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { customElements, eventClasses, eventsOf } from './manifest-events.mjs';
import { typeShapes } from './type-shapes.mjs';
import { cssPropertyDefaults } from './cem-plugins.mjs';
import { elementModules } from './element-modules.mjs';

const root = new URL('../../', import.meta.url);
const manifestPath = fileURLToPath(new URL('custom-elements.json', root));
const docsPath = fileURLToPath(new URL('docs/elements.md', root));
const reactEventsPath = fileURLToPath(new URL('src/react/element-events.ts', root));
const check = process.argv.slice(2).includes('--check');

const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const classes = eventClasses(manifest);
const elements = customElements(manifest);

/** The types a host hands the elements, shown in full under "Types". */
const DOCUMENTED_TYPES = ['Theme', 'Viewer', 'PermissionPolicy', 'PermissionRequest', 'PermissionAction', 'PermissionAnswer', 'PermissionDecision', 'GuideLinks', 'ChannelAction', 'ManagedChannelType'];
/** Types documented on another page. */
const TYPES_ELSEWHERE = {
  ChannelBackend: 'backend-adapter.md',
  ChannelKitError: 'backend-adapter.md#errors-channelkiterror',
  Channel: 'rest-contract.md#channels-on-the-wire',
};
const BUILT_IN_TYPES = new Set(['Pick', 'Partial', 'Readonly', 'Record', 'Promise', 'Error', 'HTMLElement', 'AbortSignal']);

const isPublic = (member) => member.privacy !== 'private' && member.privacy !== 'protected' && !String(member.name ?? '').startsWith('_') && !String(member.name ?? '').startsWith('#');

/** A default the reference can show: a literal, never a constant's name or an expression. */
const VALUE = /^('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|-?\d[\d.e]*|true|false|null|undefined|\[.*\]|\{.*\})$/s;
const problems = [];

function checkDefault(element, member) {
  if (member.default !== undefined && !VALUE.test(member.default.trim())) {
    problems.push(`<${element.tagName}> ${member.name}: its default \`${member.default}\` is not a value (test/tools/cem-plugins.mjs resolves constants and arithmetic).`);
  }
}

/** Type names in a type's text that the reader needs explained. */
function checkTypeNames(element, text) {
  for (const name of String(text ?? '').match(/\b[A-Z]\w*/g) ?? []) {
    const known = DOCUMENTED_TYPES.includes(name) || name in TYPES_ELSEWHERE || BUILT_IN_TYPES.has(name) || classes.has(name) || elements.some((e) => e.name === name);
    if (!known) problems.push(`<${element.tagName}>: the type \`${name}\` is neither documented under "Types" nor linked (add it to DOCUMENTED_TYPES or TYPES_ELSEWHERE in test/tools/generate-element-reference.mjs).`);
  }
}

// ---- writing Markdown ------------------------------------------------------------------------

/** One table cell: one line, `|` escaped (also inside code spans, which GFM tables allow). */
function cell(text) {
  return String(text ?? '')
    .replace(/\r?\n\s*/g, ' ')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .trim();
}

/** A value shown as code; backticks inside are fenced with a longer run. */
function code(text) {
  const value = String(text ?? '').replace(/\r?\n\s*/g, ' ').trim();
  if (value === '') return '';
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

function table(headers, rows) {
  if (rows.length === 0) return [];
  return [
    `| ${headers.map(cell).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
    '',
  ];
}

function inherited(member) {
  return member.inheritedFrom?.name ? ` (from ${code(member.inheritedFrom.name)})` : '';
}

function section(title, headers, rows) {
  if (rows.length === 0) return [];
  return [`### ${title}`, '', ...table(headers, rows)];
}

function anchorOf(tagName) {
  return tagName.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}


/** Where a host imports the element's class from, when it lives in `src/elements/<name>/<name>.ts`. */
function importLine(element) {
  const match = /^src\/elements\/([\w-]+)\/\1\.ts$/.exec(element.modulePath ?? '');
  if (!match) return `Class ${code(element.name)}.`;
  const folder = match[1];
  return (
    `Class ${code(element.name)}, from ${code('channel-kit')} or ${code(`channel-kit/elements/${folder}`)} (neither registers a tag); ` +
    `${code(`channel-kit/elements/${folder}/define`)} registers ${code(`<${element.tagName}>`)}. ` +
    `React: ${code(element.name)} from ${code('channel-kit/react')}.`
  );
}

function renderElement(element) {
  const lines = [`## ${element.tagName}`, '', importLine(element), ''];
  if (element.summary) lines.push(element.summary.trim(), '');
  if (element.description) lines.push(element.description.trim(), '');

  const attributes = (element.attributes ?? []).filter((a) => a.name);
  for (const a of attributes) {
    checkDefault(element, { ...a, name: a.name });
    checkTypeNames(element, a.type?.text);
  }
  lines.push(
    ...section(
      'Attributes',
      ['Attribute', 'Property', 'Type', 'Default', 'Description'],
      attributes.map((a) => [code(a.name), code(a.fieldName), code(a.type?.text), code(a.default), `${a.description ?? ''}${inherited(a)}`]),
    ),
  );

  const fields = (element.members ?? []).filter((m) => m.kind === 'field' && !m.static && m.name && isPublic(m));
  for (const m of fields) {
    checkDefault(element, m);
    checkTypeNames(element, m.type?.text);
  }
  lines.push(
    ...section(
      'Properties',
      ['Property', 'Attribute', 'Type', 'Default', 'Description'],
      fields.map((m) => [
        code(m.name) + (m.readonly ? ' (read-only)' : ''),
        code(m.attribute),
        code(m.type?.text),
        code(m.default),
        `${m.description ?? ''}${inherited(m)}`,
      ]),
    ),
  );

  const methods = (element.members ?? []).filter((m) => m.kind === 'method' && !m.static && m.name && isPublic(m));
  lines.push(
    ...section(
      'Methods',
      ['Method', 'Returns', 'Description'],
      methods.map((m) => {
        const params = (m.parameters ?? []).map((p) => `${p.rest ? '...' : ''}${p.name}${p.optional || p.default !== undefined ? '?' : ''}${p.type?.text ? `: ${p.type.text}` : ''}`);
        return [code(`${m.name}(${params.join(', ')})`), code(m.return?.type?.text), `${m.description ?? ''}${inherited(m)}`];
      }),
    ),
  );

  const events = eventsOf(element, classes);
  for (const e of events) for (const f of e.fields) checkTypeNames(element, f.type);
  lines.push(
    ...section(
      'Events',
      ['Event', 'Class', 'Carries', 'React callback', 'Description'],
      events.map((e) => [
        code(e.name),
        code(e.className),
        e.fields.length ? code(`{ ${e.fields.map((f) => `${f.name}: ${f.type}`).join('; ')} }`) : '—',
        code(e.callback),
        e.description,
      ]),
    ),
  );

  lines.push(
    ...section(
      'Slots',
      ['Slot', 'Description'],
      (element.slots ?? []).map((s) => [s.name ? code(s.name) : '(default)', s.description ?? '']),
    ),
  );

  lines.push(
    ...section(
      'CSS parts',
      ['Part', 'Description'],
      (element.cssParts ?? []).filter((p) => p.name).map((p) => [code(p.name), p.description ?? '']),
    ),
  );

  lines.push(
    ...section(
      'CSS custom properties',
      ['Property', 'Default', 'Description'],
      (element.cssProperties ?? []).filter((p) => p.name).map((p) => [code(p.name), code(p.default), p.description ?? '']),
    ),
  );

  return lines;
}

function renderTypes() {
  const lines = [
    '## Types',
    '',
    'The types the tables above name, as `channel-kit` exports them (`import type { PermissionPolicy } from \'channel-kit\'`).',
    `${Object.entries(TYPES_ELSEWHERE)
      .map(([name, page]) => `${code(name)}: see [${page.replace(/#.*/, '')}](${page})`)
      .join('; ')}.`,
    '',
  ];
  for (const shape of typeShapes(DOCUMENTED_TYPES)) {
    lines.push(`### ${shape.name}`, '');
    if (shape.description) lines.push(shape.description, '');
    lines.push('```ts', shape.code, '```', '');
  }
  return lines;
}

function renderDocs() {
  const lines = [
    '<!-- Generated by `npm run docs` (test/tools/generate-element-reference.mjs) from custom-elements.json. Do not edit by hand: change the JSDoc in src/elements, run `npm run analyze`, then `npm run docs`. -->',
    '',
    '# Element reference',
    '',
    '> Generated by `npm run docs` from `custom-elements.json`: do not edit this file by hand.',
    '',
    'Every Channel Kit element, its attributes, properties, methods, events, slots, CSS parts and CSS custom',
    'properties, as recorded in `custom-elements.json`, and the shapes of the [types](#types) they take.',
    'Tag names are the defaults; `define({ prefix })` registers the same elements under prefixed names.',
    'Each event is a class exported from `channel-kit` whose fields are what it carries (`event.channel`);',
    'its React callback is the prop of the element\'s `channel-kit/react` component. Theming:',
    '[theming.md](theming.md).',
    '',
    ...elements.map((e) => `- [\`<${e.tagName}>\`](#${anchorOf(e.tagName)})`),
    '- [Types](#types)',
    '',
  ];
  for (const element of elements) lines.push(...renderElement(element));
  lines.push(...renderTypes());
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

// ---- writing the React wrappers' callbacks ----------------------------------------------------

function renderReactEvents() {
  const used = new Map();
  const entries = elements.map((element) => {
    const events = eventsOf(element, classes);
    for (const e of events) used.set(e.className, e.module);
    const body = events.map((e) => `    ${e.callback}: '${e.name}' as EventName<${e.className}>,`);
    return body.length ? [`  '${element.tagName}': {`, ...body, '  },'] : [`  '${element.tagName}': {},`];
  });
  const byModule = new Map();
  for (const [className, module] of [...used].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const from = `../${module.replace(/^src\//, '').replace(/\.ts$/, '.js')}`;
    byModule.set(from, [...(byModule.get(from) ?? []), className]);
  }
  const imports = [...byModule].map(([from, names]) => `import type {\n${names.map((n) => `  ${n},`).join('\n')}\n} from '${from}';`);
  return [
    '// Generated by `npm run docs` (test/tools/generate-element-reference.mjs) from custom-elements.json: every',
    "// event each element fires (its `@fires` lines), as the React wrappers' callbacks. Do not edit by hand:",
    '// change the JSDoc in src/elements, run `npm run analyze`, then `npm run docs`.',
    "import type { EventName } from '@lit/react';",
    ...imports,
    '',
    '/** Per tag name: React callback prop → the event it listens for. */',
    'export const elementEvents = {',
    ...entries.flat(),
    '};',
    '',
  ].join('\n');
}

// ---- the token tables of docs/theming.md -----------------------------------------------------

/**
 * Every documented `--ck-*` property once: its description, the tags that document it, and its light
 * and dark defaults (the dark one read from the styles' dark rules).
 */
function documentedTokens() {
  const styleDefaults = cssPropertyDefaults(fileURLToPath(root));
  const tokens = new Map();
  for (const mod of manifest.modules) {
    for (const declaration of mod.declarations ?? []) {
      for (const property of declaration.cssProperties ?? []) {
        if (property.inheritedFrom) continue;
        const token = tokens.get(property.name) ?? { name: property.name, description: property.description, owners: [], ...styleDefaults.get(property.name) };
        token.owners.push(declaration.tagName ? `<${declaration.tagName}>` : declaration.name);
        tokens.set(property.name, token);
      }
    }
  }
  return [...tokens.values()];
}

const withoutScope = (description) => String(description ?? '').replace(/\s*\(all elements\)\.?$/, '').replace(/\.$/, '');

function tokenTable(group) {
  const tokens = documentedTokens();
  const shared = tokens.filter((token) => token.owners.includes('ChannelKitBase'));
  const status = tokens.filter((token) => token.name.startsWith('--ck-status-'));
  if (shared.length === 0) problems.push('docs/theming.md: no token documented on ChannelKitBase (the tokens every element reads).');
  const light = (token) => code(token.light);
  const dark = (token) => (token.dark === undefined ? '—' : code(token.dark));
  if (group === 'shared') return table(['token', 'used for', 'light', 'dark'], shared.map((t) => [code(t.name), withoutScope(t.description), light(t), dark(t)]));
  if (group === 'status') return table(['token', 'used for', 'light', 'dark'], status.map((t) => [code(t.name), withoutScope(t.description), light(t), dark(t)]));
  if (group === 'single') {
    const single = tokens.filter((token) => !shared.includes(token) && !status.includes(token));
    return table(['token', 'element', 'used for', 'default'], single.map((t) => [code(t.name), t.owners.map(code).join(', '), withoutScope(t.description), light(t)]));
  }
  problems.push(`docs/theming.md: no token table named "${group}" (shared, status or single).`);
  return [];
}

function withTokenTables(output) {
  if (output.name !== 'docs/theming.md') return output;
  const text = output.text.replace(/(<!-- tokens: (\w+) -->\n)[\s\S]*?(<!-- \/tokens -->)/g, (_, open, group, close) => `${open}${tokenTable(group).join('\n')}\n${close}`);
  return { ...output, text };
}

// ---- the examples the pages show ---------------------------------------------------------------

/**
 * A page shows an example as `<!-- example: docs/examples/x.ts -->` and a fenced block under it: the
 * block is the file (which test/docs/examples.test.ts runs), copied here so the two never differ.
 */
function withExamples(relativePath) {
  const path = fileURLToPath(new URL(relativePath, root));
  const text = readFileSync(path, 'utf8');
  const updated = text.replace(/(<!-- example: (\S+)[^>]*-->\s*\n```\w*\n)([\s\S]*?)```/g, (_, opening, file) => {
    const example = fileURLToPath(new URL(file, root));
    if (!existsSync(example)) {
      problems.push(`${relativePath} shows ${file}, which does not exist.`);
      return _;
    }
    return `${opening}${readFileSync(example, 'utf8').trim()}\n\`\`\``;
  });
  return { path, name: relativePath, text: updated };
}

const pagesWithExamples = ['README.md', ...readdirSync(fileURLToPath(new URL('docs/', root))).filter((f) => f.endsWith('.md') && f !== 'elements.md').map((f) => `docs/${f}`)];

// ---- writing or checking ----------------------------------------------------------------------

const outputs = [
  { path: docsPath, name: 'docs/elements.md', text: renderDocs() },
  { path: reactEventsPath, name: 'src/react/element-events.ts', text: renderReactEvents() },
  ...pagesWithExamples.map(withExamples).map(withTokenTables),
  ...elementModules((tag) => elements.find((element) => element.tagName === tag)?.name, problems),
];

if (problems.length > 0) {
  console.error(`The element reference cannot be written:\n  ${[...new Set(problems)].join('\n  ')}`);
  process.exit(1);
}

if (check) {
  let stale = 0;
  for (const output of outputs) {
    const current = existsSync(output.path) ? readFileSync(output.path, 'utf8') : null;
    if (current === output.text) continue;
    stale++;
    console.error(
      `${output.name} is ${current === null ? 'missing' : 'stale: it differs from what custom-elements.json and docs/examples give'}. Run \`npm run docs\` (node test/tools/generate-element-reference.mjs) and commit it.`,
    );
  }
  if (!stale) console.log("docs/elements.md, src/react/element-events.ts, the modules derived from the element list and the pages' examples and token tables are current.");
  process.exit(stale ? 1 : 0);
} else {
  for (const output of outputs) {
    const current = existsSync(output.path) ? readFileSync(output.path, 'utf8') : null;
    if (current !== output.text) writeFileSync(output.path, output.text);
  }
  console.log(`Wrote docs/elements.md (${elements.length} elements), src/react/element-events.ts, the modules derived from the element list, and the pages' examples and token tables.`);
}
