// Ships each extra locale as its messages alone, in English's key order. The keys, the same in every
// catalog, were over a quarter of each gzipped locale; `src/i18n/catalog.ts` puts English's keys back.
// The sources stay keyed objects, checked key for key against English by the type checker.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import type { Plugin } from 'vite';

// English's two parts, in the order of `en` (src/i18n/locales/en.ts): the first paint's, then the
// wizard's and the dialogs'.
const ENGLISH = ['en-first-paint.ts', 'en-on-demand.ts'].map((file) => new URL(`../../src/i18n/locales/${file}`, import.meta.url));
const EXTRA_LOCALE = /\/src\/i18n\/locales\/(?!en[.-])[\w-]+\.ts$/;

/** The exported catalog's declaration: `export const th: Translation = { … }`. */
function catalogDeclaration(code: string, file: string) {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const [declaration] = statement.declarationList.declarations;
    if (declaration?.initializer && ts.isObjectLiteralExpression(declaration.initializer)) {
      return { declaration, object: declaration.initializer };
    }
  }
  throw new Error(`${file}: no exported catalog object found`);
}

/** Each message's key and the source text of its value, in the order written. */
function messages(object: ts.ObjectLiteralExpression, file: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const property of object.properties) {
    if (!ts.isPropertyAssignment(property) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) {
      throw new Error(`${file}: write each message as \`key: value\` (found \`${property.getText()}\`)`);
    }
    found.set(property.name.text, property.initializer.getText());
  }
  return found;
}

/** `code` with its catalog object replaced by the array of its values in `keyOrder`. */
export function catalogAsValues(code: string, file: string, keyOrder: readonly string[]): string {
  const { declaration, object } = catalogDeclaration(code, file);
  const values = messages(object, file);
  const missing = keyOrder.filter((key) => !values.has(key));
  const extra = [...values.keys()].filter((key) => !keyOrder.includes(key));
  if (missing.length || extra.length) throw new Error(`${file}: missing ${missing.join(', ') || 'none'}; not in English: ${extra.join(', ') || 'none'}`);
  // From the name on, so the type annotation (which no longer fits an array) goes too.
  return `${code.slice(0, declaration.name.end)} = [${keyOrder.map((key) => values.get(key)).join(',\n')}]${code.slice(object.end)}`;
}

export function shippedCatalogs(): Plugin {
  const keyOrder = ENGLISH.flatMap((url) => [...messages(catalogDeclaration(readFileSync(url, 'utf8'), url.pathname).object, url.pathname).keys()]);
  return {
    name: 'channel-kit:shipped-catalogs',
    enforce: 'pre',
    transform(code, id) {
      if (!EXTRA_LOCALE.test(id.split('?')[0]!)) return undefined;
      return { code: catalogAsValues(code, id, keyOrder), map: null };
    },
  };
}
