// Writes docs/elements.md, the element reference, from custom-elements.json (`npm run analyze`
// regenerates the manifest first). With `--check` it writes nothing and exits 1 when the committed
// docs/elements.md differs from what it would write. No dependencies: plain Node.
//
//   node test/tools/generate-element-reference.mjs           # write docs/elements.md
//   node test/tools/generate-element-reference.mjs --check   # exit 1 if it is stale
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../../', import.meta.url);
const manifestPath = fileURLToPath(new URL('custom-elements.json', root));
const outputPath = fileURLToPath(new URL('docs/elements.md', root));
const check = process.argv.slice(2).includes('--check');

const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const modules = Array.isArray(manifest.modules) ? manifest.modules : [];

// ---- reading the manifest --------------------------------------------------------------------

/** Event classes (`class XEvent extends Event { static readonly type = 'x' }`) by class name → event name. */
const eventNamesByClass = new Map();
for (const mod of modules) {
  for (const decl of mod.declarations ?? []) {
    if (decl.kind !== 'class') continue;
    const type = (decl.members ?? []).find((m) => m.kind === 'field' && m.static && m.name === 'type');
    const name = type && unquote(type.default);
    if (name) eventNamesByClass.set(decl.name, { name, description: decl.description ?? '' });
  }
}

const elements = [];
for (const mod of modules) {
  for (const decl of mod.declarations ?? []) {
    if (decl.tagName) elements.push({ ...decl, modulePath: mod.path });
  }
}
elements.sort((a, b) => compare(a.tagName, b.tagName));

function unquote(text) {
  const match = typeof text === 'string' ? /^(['"`])(.*)\1$/.exec(text.trim()) : null;
  return match ? match[2] : undefined;
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

const isPublic = (member) => member.privacy !== 'private' && member.privacy !== 'protected' && !String(member.name ?? '').startsWith('_') && !String(member.name ?? '').startsWith('#');

/**
 * The element's events, one per name. The analyzer records documented events (`@fires name - text`)
 * and, separately, the `dispatchEvent(new XEvent(...))` calls it finds, naming the latter after the
 * constructor's first argument or not at all. Where the event's class declares its `type`, that
 * name is used instead; entries that still have no name are left out.
 */
function eventsOf(element) {
  const byName = new Map();
  for (const event of element.events ?? []) {
    const fromClass = event.type?.text ? eventNamesByClass.get(event.type.text.trim()) : undefined;
    const name = fromClass?.name ?? event.name;
    if (!name) continue;
    const entry = byName.get(name) ?? { name, type: '', description: '', documented: false };
    if (!entry.type && event.type?.text) entry.type = event.type.text.trim();
    // The element's own words (`@fires`) win over the event class's description.
    if (event.description && !entry.documented) {
      entry.description = event.description;
      entry.documented = true;
    }
    byName.set(name, entry);
  }
  for (const entry of byName.values()) {
    // An event documented with @fires but not seen dispatched: find its class by the event name.
    if (!entry.type) entry.type = [...eventNamesByClass].find(([, info]) => info.name === entry.name)?.[0] ?? '';
    if (!entry.description) entry.description = eventNamesByClass.get(entry.type)?.description ?? '';
  }
  // Documented events first, in their `@fires` order; then any the analyzer found only in the code.
  const all = [...byName.values()];
  return [...all.filter((e) => e.documented), ...all.filter((e) => !e.documented)];
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

function renderElement(element) {
  const lines = [`## ${element.tagName}`, ''];
  lines.push(`Class ${code(element.name)}${element.modulePath ? `, defined in ${code(element.modulePath)}` : ''}.`, '');
  if (element.summary) lines.push(element.summary.trim(), '');
  if (element.description) lines.push(element.description.trim(), '');

  const attributes = (element.attributes ?? []).filter((a) => a.name);
  lines.push(
    ...section(
      'Attributes',
      ['Attribute', 'Property', 'Type', 'Default', 'Description'],
      attributes.map((a) => [code(a.name), code(a.fieldName), code(a.type?.text), code(a.default), `${a.description ?? ''}${inherited(a)}`]),
    ),
  );

  const fields = (element.members ?? []).filter((m) => m.kind === 'field' && !m.static && m.name && isPublic(m));
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

  lines.push(
    ...section(
      'Events',
      ['Event', 'Type', 'Description'],
      eventsOf(element).map((e) => [code(e.name), code(e.type), e.description]),
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

function render() {
  const lines = [
    '<!-- Generated by `npm run docs` (test/tools/generate-element-reference.mjs) from custom-elements.json. Do not edit by hand: change the JSDoc in src/elements, run `npm run analyze`, then `npm run docs`. -->',
    '',
    '# Element reference',
    '',
    '> Generated by `npm run docs` from `custom-elements.json`: do not edit this file by hand.',
    '',
    'Every Channel Kit element, its attributes, properties, methods, events, slots, CSS parts and CSS custom',
    'properties, as recorded in `custom-elements.json`. Tag names are the defaults; `define({ prefix })`',
    'registers the same elements under prefixed names. Theming: [theming.md](theming.md).',
    '',
    ...elements.map((e) => `- [\`<${e.tagName}>\`](#${anchorOf(e.tagName)})`),
    '',
  ];
  for (const element of elements) lines.push(...renderElement(element));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

const output = render();

if (check) {
  const current = existsSync(outputPath) ? readFileSync(outputPath, 'utf8') : null;
  if (current !== output) {
    console.error(
      current === null
        ? 'docs/elements.md is missing: run `npm run docs` (node test/tools/generate-element-reference.mjs) and commit it.'
        : 'docs/elements.md is stale: it differs from custom-elements.json. Run `npm run docs` (node test/tools/generate-element-reference.mjs) and commit it.',
    );
    process.exit(1);
  }
  console.log('docs/elements.md is current.');
} else {
  writeFileSync(outputPath, output);
  console.log(`Wrote docs/elements.md (${elements.length} elements).`);
}
