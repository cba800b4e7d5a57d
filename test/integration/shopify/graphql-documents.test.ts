// Every GraphQL document in app/ is valid against Shopify's official Admin schema 2026-10, and
// the check itself catches broken documents.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import * as documents from "~/platforms/shopify/documents";
import { loadAdminSchema } from "../../../sandbox/shopify";
import { collectDocuments, validateDocuments } from "./graphql-documents";

const appDir = resolve(import.meta.dirname, "..", "..", "..", "app");
const schema = loadAdminSchema();

describe("GraphQL documents in app/", () => {
  it("are all found and all valid against the 2026-10 Admin schema", async () => {
    const found = await collectDocuments(appDir);
    expect(found.problems).toEqual([]);
    // everything documents.ts exports is among what the scan found
    const exported = Object.values(documents as Record<string, unknown>).filter((v): v is string => typeof v === "string" && v.trimStart().startsWith("#graphql"));
    expect(exported.length).toBeGreaterThanOrEqual(17);
    const texts = new Set(found.documents.map((d) => d.text));
    const missing = exported.filter((text) => !texts.has(text)).map((text) => text.trim().split("\n")[1]?.trim());
    expect(missing).toEqual([]);
    expect(validateDocuments(schema, found.documents)).toEqual([]);
  });
});

describe("the document check", () => {
  it("reports an unknown field, an anonymous operation, a syntax error and a duplicate name", () => {
    const problems = validateDocuments(schema, [
      { source: "a.ts:1", text: '#graphql\nquery Broken { order(id: "gid://shopify/Order/1") { id nonexistentField } }' },
      { source: "b.ts:1", text: "#graphql\n{ shop { name } }" },
      { source: "c.ts:1", text: "#graphql\nquery Unclosed { shop { name }" },
      { source: "d.ts:1", text: "#graphql\nquery Broken { shop { name } }" },
    ]);
    expect(problems).toEqual([
      { source: "a.ts:1", message: 'Cannot query field "nonexistentField" on type "Order".', locations: [{ line: 2, column: 56 }] },
      { source: "b.ts:1", message: "an anonymous query: every operation must be named" },
      { source: "c.ts:1", message: expect.stringContaining("Syntax Error") },
      { source: "d.ts:1", message: "operation name Broken is also used at a.ts:1" },
    ]);
  });

  it("finds documents in source files, including interpolated exported ones, and flags unreadable ones", async () => {
    const dir = mkdtempSync(join(tmpdir(), "consign-docs-"));
    try {
      writeFileSync(
        join(dir, "sample.ts"),
        [
          "const FIELDS = `#graphql\n  fragment F on Shop { name }\n`;",
          `export const GOOD = \`#graphql\n  query Good { shop { ...F } }\n  \${FIELDS}\`;`,
          "export const BAD = '#graphql\\nquery Bad { shop { nope } }';",
          `function local(x: string) { return \`#graphql\n query Local { shop { \${x} } }\`; }`,
          "export const notADocument = 'hello';",
          "void local;",
        ].join("\n"),
      );
      const found = await collectDocuments(dir);
      expect(found.problems).toEqual([
        { source: "sample.ts:8", message: "a #graphql template with substitutions must be an exported const to be validated" },
      ]);
      expect(found.documents.map((d) => d.source).sort()).toEqual(["sample.ts:1", "sample.ts:4", "sample.ts:7"]);
      const problems = validateDocuments(schema, found.documents);
      expect(problems).toEqual([{ source: "sample.ts:7", message: expect.stringContaining('Cannot query field "nope" on type "Shop".'), locations: [{ line: 2, column: 20 }] }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
