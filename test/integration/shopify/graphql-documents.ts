// Finds every GraphQL document in a source tree and validates it against a schema.
// Documents are string or template literals that start with `#graphql` (or gql`...` templates).
// A template with substitutions is read from the module at run time, so it must be an exported
// constant; anything else that cannot be read is reported, never skipped.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import {
  type GraphQLSchema,
  Kind,
  NoUnusedFragmentsRule,
  parse,
  type SourceLocation,
  specifiedRules,
  validate,
} from "graphql";
import ts from "typescript";

export interface FoundDocument {
  /** file:line where it is written */
  source: string;
  text: string;
}

export interface DocumentProblem {
  source: string;
  message: string;
  locations?: readonly SourceLocation[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts"))
    .map((e) => join(e.parentPath, e.name));
}

const isDocumentText = (text: string) => text.trimStart().startsWith("#graphql");

/** Every document under `dir`, plus the literals that could not be read. */
export async function collectDocuments(dir: string, root: string = dir): Promise<{ documents: FoundDocument[]; problems: DocumentProblem[] }> {
  const documents: FoundDocument[] = [];
  const problems: DocumentProblem[] = [];
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(file, "utf8");
    if (!text.includes("#graphql") && !/\bgql`/.test(text)) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const exported: { name: string; source: string }[] = [];
    const where = (node: ts.Node) => `${relative(root, file)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      const tagged = ts.isTaggedTemplateExpression(node) && /^(gql|graphql)$/.test(node.tag.getText());
      const literal = tagged ? (node as ts.TaggedTemplateExpression).template : node;
      if (ts.isStringLiteral(literal) || ts.isNoSubstitutionTemplateLiteral(literal)) {
        if (tagged || isDocumentText(literal.text)) documents.push({ source: where(literal), text: literal.text });
      } else if (ts.isTemplateExpression(literal) && (tagged || isDocumentText(literal.head.text))) {
        const decl = (tagged ? node : literal).parent;
        const isExportedConst =
          decl &&
          ts.isVariableDeclaration(decl) &&
          ts.isIdentifier(decl.name) &&
          decl.parent.flags & ts.NodeFlags.Const &&
          ts.isVariableStatement(decl.parent.parent) &&
          decl.parent.parent.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        if (isExportedConst) exported.push({ name: (decl.name as ts.Identifier).text, source: where(literal) });
        else problems.push({ source: where(literal), message: "a #graphql template with substitutions must be an exported const to be validated" });
      }
      if (!tagged) ts.forEachChild(node, visit);
    };
    visit(sf);
    if (exported.length > 0) {
      const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      for (const e of exported) {
        const value = mod[e.name];
        if (typeof value === "string") documents.push({ source: e.source, text: value });
        else problems.push({ source: e.source, message: `export ${e.name} is not a string at run time` });
      }
    }
  }
  return { documents, problems };
}

/**
 * Validates documents with graphql's validate(). Operations must be named (Shopify's logs and
 * our throttle key on the name) and unique; a fragment-only document is checked on its own
 * except for "unused fragment".
 */
export function validateDocuments(schema: GraphQLSchema, documents: FoundDocument[]): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  const names = new Map<string, string>();
  for (const d of documents) {
    let ast: ReturnType<typeof parse>;
    try {
      ast = parse(d.text);
    } catch (error) {
      problems.push({ source: d.source, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const operations = ast.definitions.filter((def) => def.kind === Kind.OPERATION_DEFINITION);
    const rules = operations.length > 0 ? specifiedRules : specifiedRules.filter((r) => r !== NoUnusedFragmentsRule);
    for (const e of validate(schema, ast, rules)) problems.push({ source: d.source, message: e.message, ...(e.locations ? { locations: e.locations } : {}) });
    for (const op of operations) {
      if (!op.name) {
        problems.push({ source: d.source, message: `an anonymous ${op.operation}: every operation must be named` });
        continue;
      }
      const seen = names.get(op.name.value);
      if (seen && seen !== d.source) problems.push({ source: d.source, message: `operation name ${op.name.value} is also used at ${seen}` });
      names.set(op.name.value, d.source);
    }
  }
  return problems;
}
