// Shopify's official Admin GraphQL schema for the pinned API version, loaded once per process
// from the introspection JSON that `npm run -s shopify:schema` caches (scripts/fetch-shopify-schema.mjs).
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  GraphQLError,
  type GraphQLScalarType,
  type GraphQLSchema,
  type IntrospectionQuery,
  Kind,
  type ValueNode,
} from "graphql";

export const SHOPIFY_API_VERSION = "2026-10";

export const SCHEMA_FILE = resolve(import.meta.dirname, "..", "..", ".cache", "shopify", `admin_${SHOPIFY_API_VERSION}.json.gz`);

let cached: GraphQLSchema | undefined;

/** The 2026-10 Admin schema (one build per process; about 250 ms). */
export function loadAdminSchema(): GraphQLSchema {
  if (cached) return cached;
  if (!existsSync(SCHEMA_FILE)) {
    throw new Error(`Shopify Admin schema ${SHOPIFY_API_VERSION} is not cached at ${SCHEMA_FILE}: run \`npm run -s shopify:schema\``);
  }
  const json: unknown = JSON.parse(gunzipSync(readFileSync(SCHEMA_FILE)).toString("utf8"));
  const introspection = json && typeof json === "object" && "data" in json ? json.data : json;
  const schema = buildClientSchema(introspection as IntrospectionQuery);
  strictScalars(schema);
  cached = schema;
  return schema;
}

/**
 * A client schema's custom scalars accept anything. Shopify's URL and DateTime scalars reject
 * malformed values (a bad variable is a top-level error, not a userError), so the stand-in checks
 * the two it receives from us.
 */
function strictScalars(schema: GraphQLSchema): void {
  const check = (name: string, valid: (v: string) => boolean) => {
    const type = schema.getType(name) as GraphQLScalarType | undefined;
    if (!type) return;
    const parse = (value: unknown): string => {
      if (typeof value !== "string" || !valid(value)) {
        throw new GraphQLError(`Invalid ${name}: ${JSON.stringify(value)}`);
      }
      return value;
    };
    Object.assign(type, {
      parseValue: parse,
      parseLiteral: (node: ValueNode) => {
        if (node.kind !== Kind.STRING) throw new GraphQLError(`Invalid ${name}: expected a string`);
        return parse(node.value);
      },
    });
  };
  check("URL", (v) => URL.canParse(v));
  check("DateTime", (v) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)));
}
