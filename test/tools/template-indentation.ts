// Ships Lit's templates (`html`, `svg`, `css`) without the indentation of their source lines. A run of
// whitespace with a line break in it means what a line break alone means there (HTML and CSS collapse
// it alike), so each such run becomes its line breaks alone: the code keeps its line numbers, and the
// page renders the same. A template with `<pre` or `<textarea` in it, where whitespace is content, is left
// as written. About 0.2 KB gzip of what a page downloads before its first paint.
import ts from 'typescript';
import type { Plugin } from 'vite';

const TAGS = new Set(['html', 'svg', 'css']);
const SOURCE = /\/src\/.+\.ts$/;

/** The stretches of `template`'s literal text (between its backticks, outside its `${…}`), as [start, end]. */
function literalText(template: ts.TemplateLiteral): Array<[number, number]> {
  if (ts.isNoSubstitutionTemplateLiteral(template)) return [[template.getStart() + 1, template.end - 1]];
  const stretches: Array<[number, number]> = [[template.head.getStart() + 1, template.head.end - 2]];
  for (const span of template.templateSpans) {
    const literal = span.literal;
    stretches.push([literal.getStart() + 1, literal.end - (ts.isTemplateTail(literal) ? 1 : 2)]);
  }
  return stretches;
}

/** `code` with the indentation taken out of its Lit templates. */
export function withoutTemplateIndentation(code: string, file: string): string {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: Array<[number, number]> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && TAGS.has(node.tag.text)) {
      const whole = node.template.getText();
      if (!/<pre|<textarea/i.test(whole)) edits.push(...literalText(node.template));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let result = code;
  for (const [start, end] of edits.sort((a, b) => b[0] - a[0])) {
    result = result.slice(0, start) + result.slice(start, end).replace(/[ \t]*\n\s*/g, (run) => '\n'.repeat(run.split('\n').length - 1)) + result.slice(end);
  }
  return result;
}

export function templateIndentation(): Plugin {
  return {
    name: 'channel-kit:template-indentation',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0]!;
      if (!SOURCE.test(file) || !/\b(html|svg|css)`/.test(code)) return undefined;
      return { code: withoutTemplateIndentation(code, file), map: null };
    },
  };
}
