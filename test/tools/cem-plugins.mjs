// Plugins for `cem analyze` (custom-elements-manifest.config.mjs), so that custom-elements.json says
// what a host meets and nothing else:
//   - every element's events, one entry per event name with its class as the type (the analyzer
//     records a dispatched `new XEvent(channel)` under the argument's name, apart from the `@fires`
//     line); an event dispatched without a `@fires` line, or a `@fires` line naming no event class,
//     stops the analysis;
//   - each event class's payload, the `readonly` fields its constructor declares;
//   - defaults as values: a default written as a constant (`DEFAULT_TROUBLESHOOTING_URL`) or an
//     expression (`10 * 60_000`, which the analyzer leaves out) is replaced by its value, and a
//     missing type is taken from it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

/** `constructor(readonly channel: Channel)` → a documented `channel` field of type `Channel`. */
export function parameterPropertyFields() {
  return {
    name: 'channel-kit:parameter-property-fields',
    analyzePhase({ ts: cemTs, node, moduleDoc }) {
      if (!cemTs.isClassDeclaration(node) || !node.name) return;
      const classDoc = moduleDoc.declarations?.find((d) => d.kind === 'class' && d.name === node.name.text);
      const constructor = node.members.find((member) => cemTs.isConstructorDeclaration(member));
      if (!classDoc || !constructor) return;
      for (const parameter of constructor.parameters) {
        const modifiers = (cemTs.getModifiers?.(parameter) ?? []).map((m) => m.kind);
        const declaresField = modifiers.some((k) => k === cemTs.SyntaxKind.ReadonlyKeyword || k === cemTs.SyntaxKind.PublicKeyword);
        const hidden = modifiers.some((k) => k === cemTs.SyntaxKind.PrivateKeyword || k === cemTs.SyntaxKind.ProtectedKeyword);
        if (!declaresField || hidden || !cemTs.isIdentifier(parameter.name)) continue;
        classDoc.members ??= [];
        if (classDoc.members.some((m) => m.name === parameter.name.text)) continue;
        classDoc.members.push({
          kind: 'field',
          name: parameter.name.text,
          ...(parameter.type ? { type: { text: parameter.type.getText() } } : {}),
          ...(modifiers.includes(cemTs.SyntaxKind.ReadonlyKeyword) ? { readonly: true } : {}),
        });
      }
    },
  };
}

/** One entry per event an element fires: `{ name, type: { text: 'XEvent' }, description }`. */
export function elementEvents() {
  return {
    name: 'channel-kit:element-events',
    packageLinkPhase({ customElementsManifest }) {
      const classes = new Map();
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if (decl.kind !== 'class') continue;
          const type = (decl.members ?? []).find((m) => m.kind === 'field' && m.static && m.name === 'type');
          const eventName = type ? unquote(type.default) : undefined;
          if (eventName) classes.set(decl.name, { eventName, module: mod.path });
        }
      }
      const classByEventName = new Map([...classes].map(([className, info]) => [info.eventName, { className, module: info.module }]));
      const problems = [];
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if (decl.kind !== 'class' || !decl.events?.length) continue;
          const documented = new Map();
          const dispatched = new Set();
          for (const event of decl.events) {
            const typeText = event.type?.text?.trim();
            // The analyzer's record of `dispatchEvent(new XEvent(...))`: no description of its own.
            if (typeText && classes.has(typeText) && !event.description) {
              dispatched.add(classes.get(typeText).eventName);
              continue;
            }
            if (!event.name) continue;
            documented.set(event.name, event);
          }
          for (const name of dispatched) {
            if (!documented.has(name)) problems.push(`${decl.name} (${mod.path}) dispatches '${name}' but has no \`@fires ${name} - …\` line.`);
          }
          decl.events = [...documented.values()].map((event) => {
            const eventClass = classByEventName.get(event.name);
            if (!eventClass) {
              problems.push(`${decl.name} (${mod.path}): \`@fires ${event.name}\` names no event class (a class in src/events with \`static readonly type = '${event.name}'\`).`);
              return event;
            }
            return {
              name: event.name,
              type: { text: eventClass.className },
              description: event.description,
              ...(event.inheritedFrom ? { inheritedFrom: event.inheritedFrom } : {}),
            };
          });
        }
      }
      if (problems.length > 0) throw new Error(`The elements' events and their @fires lines disagree:\n  ${problems.join('\n  ')}`);
    },
  };
}

/** Defaults written as constants or expressions become their values; a missing type follows the value. */
export function defaultsAsValues() {
  return {
    name: 'channel-kit:defaults-as-values',
    packageLinkPhase({ customElementsManifest }) {
      const modulesByPath = new Map(customElementsManifest.modules.map((mod) => [mod.path, mod]));
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if (decl.kind !== 'class') continue;
          const resolved = new Map();
          for (const member of decl.members ?? []) {
            // Every field: the analyzer leaves some initializers out (`10 * 60_000`).
            if (member.kind !== 'field' || member.static) continue;
            const owner = member.inheritedFrom ? { path: member.inheritedFrom.module ?? mod.path, name: member.inheritedFrom.name } : { path: mod.path, name: decl.name };
            if (!modulesByPath.has(owner.path) && !existsSync(owner.path)) continue;
            const value = fieldDefault(owner.path, owner.name, member.name);
            if (value === NOT_A_VALUE) continue;
            member.default = literal(value);
            member.type ??= typeOf(value);
            resolved.set(member.name, member);
          }
          for (const attribute of decl.attributes ?? []) {
            const field = resolved.get(attribute.fieldName);
            if (!field) continue;
            attribute.default = field.default;
            if (field.type) attribute.type ??= field.type;
          }
        }
      }
    },
  };
}

// ---- evaluating constant expressions in the sources --------------------------------------------

const NOT_A_VALUE = Symbol('not a value');
const sources = new Map();

function sourceOf(path) {
  if (!sources.has(path)) {
    sources.set(path, existsSync(path) ? ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true) : null);
  }
  return sources.get(path);
}

function fieldDefault(path, className, fieldName) {
  const source = sourceOf(path);
  const cls = source?.statements.find((s) => ts.isClassDeclaration(s) && s.name?.text === className);
  const property = cls?.members.find((m) => ts.isPropertyDeclaration(m) && m.name.getText() === fieldName);
  return property?.initializer ? evaluate(property.initializer, source, 0) : NOT_A_VALUE;
}

/** Literals, arithmetic, object and array literals, and constants (followed through relative imports). */
function evaluate(node, source, depth) {
  if (depth > 8) return NOT_A_VALUE;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text.replace(/_/g, ''));
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node)) {
    return evaluate(node.expression, source, depth);
  }
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
    const value = evaluate(node.operand, source, depth);
    return typeof value === 'number' ? -value : NOT_A_VALUE;
  }
  if (ts.isBinaryExpression(node)) {
    const left = evaluate(node.left, source, depth);
    const right = evaluate(node.right, source, depth);
    if (left === NOT_A_VALUE || right === NOT_A_VALUE) return NOT_A_VALUE;
    switch (node.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken:
        return typeof left === typeof right && (typeof left === 'number' || typeof left === 'string') ? left + right : NOT_A_VALUE;
      case ts.SyntaxKind.MinusToken:
        return typeof left === 'number' && typeof right === 'number' ? left - right : NOT_A_VALUE;
      case ts.SyntaxKind.AsteriskToken:
        return typeof left === 'number' && typeof right === 'number' ? left * right : NOT_A_VALUE;
      case ts.SyntaxKind.SlashToken:
        return typeof left === 'number' && typeof right === 'number' ? left / right : NOT_A_VALUE;
      default:
        return NOT_A_VALUE;
    }
  }
  if (ts.isArrayLiteralExpression(node)) {
    const items = node.elements.map((e) => evaluate(e, source, depth));
    return items.includes(NOT_A_VALUE) ? NOT_A_VALUE : items;
  }
  if (ts.isObjectLiteralExpression(node)) {
    const object = {};
    for (const property of node.properties) {
      let value;
      if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) {
        value = evaluate(property.initializer, source, depth);
      } else if (ts.isShorthandPropertyAssignment(property)) {
        value = constant(property.name.text, source, depth + 1);
      } else return NOT_A_VALUE;
      if (value === NOT_A_VALUE) return NOT_A_VALUE;
      object[property.name.text] = value;
    }
    return object;
  }
  if (ts.isIdentifier(node)) return constant(node.text, source, depth + 1);
  return NOT_A_VALUE;
}

/** A top-level `const` of this file, or one imported (or re-exported) from a relative module. */
function constant(name, source, depth) {
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement) && statement.declarationList.flags & ts.NodeFlags.Const) {
      const declaration = statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
      if (declaration?.initializer) return evaluate(declaration.initializer, source, depth);
    }
    const isImport = ts.isImportDeclaration(statement) && statement.importClause?.namedBindings && ts.isNamedImports(statement.importClause.namedBindings);
    const isReExport = ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause);
    if (!isImport && !isReExport) continue;
    const elements = isImport ? statement.importClause.namedBindings.elements : statement.exportClause.elements;
    const binding = elements.find((e) => e.name.text === name);
    const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : '';
    if (!binding || !specifier.startsWith('.')) continue;
    const target = join(dirname(source.fileName), specifier).replace(/\.js$/, '.ts');
    const imported = sourceOf(target);
    if (imported) return constant(binding.propertyName?.text ?? name, imported, depth);
  }
  return NOT_A_VALUE;
}

/** A value as TypeScript source: `'text'`, `600000`, `{ igBusiness: 'https://…', … }`. */
function literal(value) {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, v]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : literal(key)}: ${literal(v)}`);
    return entries.length ? `{ ${entries.join(', ')} }` : '{}';
  }
  return String(value);
}

function typeOf(value) {
  return ['string', 'number', 'boolean'].includes(typeof value) ? { text: typeof value } : undefined;
}

function unquote(text) {
  const match = typeof text === 'string' ? /^(['"`])(.*)\1$/.exec(text.trim()) : null;
  return match ? match[2] : undefined;
}

/**
 * Only element classes (and the event classes they fire) are API: a module's functions and
 * constants (`sortRows`, `typeIcon`, `errorPanel`, …) are implementation, and leave the manifest.
 */
export function classesOnly() {
  return {
    name: 'channel-kit:classes-only',
    packageLinkPhase({ customElementsManifest }) {
      customElementsManifest.modules = customElementsManifest.modules.filter((mod) => {
        mod.declarations = (mod.declarations ?? []).filter((declaration) => declaration.kind === 'class');
        const kept = new Set(mod.declarations.map((declaration) => declaration.name));
        mod.exports = (mod.exports ?? []).filter((entry) => entry.kind === 'custom-element-definition' || kept.has(entry.declaration?.name));
        return mod.declarations.length > 0 || mod.exports.length > 0;
      });
    },
  };
}

/**
 * Every `--ck-*` custom property the styles read, with its defaults, from the styles themselves
 * (`var(--ck-color-text, #1d2330)`; the value inside a `[data-ck-theme='dark']` rule is the dark
 * default): the one place the defaults are written.
 */
export function cssPropertyDefaults(root = process.cwd()) {
  const found = new Map();
  for (const file of ts.sys.readDirectory(join(root, 'src'), ['.ts'])) {
    const source = readFileSync(file, 'utf8');
    if (!source.includes('var(--ck-')) continue;
    // The spans of the dark rules: from the selector to its closing brace.
    const dark = [...source.matchAll(/\[data-ck-theme='dark'\][^{]*\{/g)].map((match) => [match.index, source.indexOf('}', match.index)]);
    for (const match of source.matchAll(/var\((--ck-[\w-]+),\s*/g)) {
      const start = match.index + match[0].length;
      let depth = 1;
      let end = start;
      while (end < source.length && depth > 0) {
        if (source[end] === '(') depth++;
        else if (source[end] === ')') depth--;
        end++;
      }
      const value = source.slice(start, end - 1).trim();
      const entry = found.get(match[1]) ?? {};
      const inDark = dark.some(([from, to]) => match.index > from && match.index < to);
      entry[inDark ? 'dark' : 'light'] ??= value;
      found.set(match[1], entry);
    }
  }
  return found;
}

/** Each documented `@cssprop` gets its default from the styles; one the styles never read stops the analysis. */
export function cssPropertyDefaultsPlugin() {
  return {
    name: 'channel-kit:css-property-defaults',
    packageLinkPhase({ customElementsManifest }) {
      const defaults = cssPropertyDefaults();
      const problems = [];
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          for (const property of declaration.cssProperties ?? []) {
            const value = defaults.get(property.name);
            if (!value) problems.push(`${declaration.name}: \`@cssprop ${property.name}\` is read by no style.`);
            else if (value.light !== undefined) property.default = value.light;
          }
        }
      }
      if (problems.length) throw new Error(problems.join('\n'));
    },
  };
}
