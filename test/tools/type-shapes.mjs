// The shapes of the types a host hands to the elements (`Theme`, `PermissionPolicy`, `GuideLinks`, …),
// read from the sources with the TypeScript compiler for the element reference, so what the docs
// show is what `channel-kit` exports. A type written out in its source (`type Theme = 'light' | 'dark'`,
// an interface) is shown as written; one derived from a schema (`z.infer<typeof ViewerSchema>`) is
// shown expanded.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = new URL('../../', import.meta.url);
const entry = fileURLToPath(new URL('src/index.ts', root));

/** `[{ name, description, code }]` for each name, as exported by `src/index.ts` (`channel-kit`). */
export function typeShapes(names) {
  const program = ts.createProgram([entry], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    experimentalDecorators: true,
    useDefineForClassFields: false,
    types: [],
  });
  const checker = program.getTypeChecker();
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)));
  const printer = ts.createPrinter();
  return names.map((name) => {
    let symbol = exported.find((s) => s.name === name);
    if (!symbol) throw new Error(`\`${name}\` is not exported from channel-kit (src/index.ts), yet the element reference documents it.`);
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol.declarations?.find((d) => ts.isTypeAliasDeclaration(d) || ts.isInterfaceDeclaration(d));
    if (!declaration) throw new Error(`\`${name}\` is not a type alias or an interface.`);
    const description = ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s*\n\s*/g, ' ').trim();
    const written = declaration.getText().replace(/^export\s+/, '');
    const derived = ts.isTypeAliasDeclaration(declaration) && /\btypeof\b|\binfer\b|</.test(declaration.type.getText());
    let code = written;
    if (derived) {
      const flags = ts.NodeBuilderFlags.NoTruncation | ts.NodeBuilderFlags.MultilineObjectLiterals | ts.NodeBuilderFlags.InTypeAlias | ts.NodeBuilderFlags.UseSingleQuotesForStringLiteralType;
      const node = checker.typeToTypeNode(checker.getDeclaredTypeOfSymbol(symbol), undefined, flags);
      code = `type ${name} = ${printer.printNode(ts.EmitHint.Unspecified, node, declaration.getSourceFile())};`.replace(/ {4}/g, '  ');
    }
    return { name, description, code };
  });
}
