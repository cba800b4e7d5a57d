// ShipBob's OpenAPI file (2026-01), loaded once per process and used by the stand-in to check
// every request it receives and every response and webhook body it sends (openapi-backend + Ajv).
//
// The file is generated from ShipBob's .NET models and is not valid OpenAPI 3.0 as it stands
// (openapi-backend's definition check reports 4,349 errors). Before use it is read the way the
// OpenAPI 3.0 rules themselves say, never looser than that:
//  1. A Reference Object's siblings are ignored (OAS 3.0.3 §4.7.25): the generator writes
//     `additionalProperties: false` next to every `$ref`.
//  2. `additionalProperties` only constrains objects: it is dropped from scalar and array schemas
//     and from schemas that declare no `properties` (the generator stamps it everywhere; left on
//     a header parameter openapi-backend would apply it to the whole header set).
//  3. `allOf` inheritance is flattened (base properties and required merged into the derived
//     schema): each base also carries `additionalProperties: false`, which under JSON Schema would
//     forbid the derived fields (e.g. `reference_id` of AddProductToOrderByReferenceIdModel).
//  4. `nullable` without `type` has no effect (OAS 3.0.3 clarification) and is dropped; Ajv
//     refuses the combination.
//  5. Empty `format` strings are dropped; vendor formats without a JSON Schema meaning
//     (postal-code, currency, tel) are accepted as annotations.
// Every operation gets an operationId "<METHOD> <path>", which the file lacks.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { OpenAPIBackend, type Operation } from "openapi-backend";

export const SPEC_PATH = resolve(
  import.meta.dirname,
  "..",
  "..",
  "..",
  "shared",
  "reference",
  "shipbob",
  "openapi-2026-01.json",
);
export const API_VERSION = "2026-01";

type Json = Record<string, unknown>;
const SCALAR_OR_ARRAY = new Set(["string", "integer", "number", "boolean", "array"]);
const ANNOTATION_FORMATS = ["postal-code", "currency", "tel"];

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function normalizer(schemas: Record<string, Json>) {
  const resolveRef = (ref: string): Json => {
    const name = ref.replace("#/components/schemas/", "");
    const target = schemas[name];
    if (!target) throw new Error(`ShipBob spec: unresolved $ref ${ref}`);
    return target;
  };
  const norm = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(norm);
    if (!isObject(node)) return node;
    if (typeof node.$ref === "string") return { $ref: node.$ref };
    let out: Json = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, norm(v)]));
    if (Array.isArray(out.allOf)) {
      let properties: Json = {};
      let required: string[] = [];
      for (const member of out.allOf) {
        const base = (isObject(member) && typeof member.$ref === "string" ? norm(resolveRef(member.$ref)) : member) as Json;
        properties = { ...properties, ...(isObject(base.properties) ? base.properties : {}) };
        required = [...required, ...(Array.isArray(base.required) ? (base.required as string[]) : [])];
      }
      const { allOf: _allOf, ...rest } = out;
      const ownRequired = Array.isArray(rest.required) ? (rest.required as string[]) : [];
      out = {
        ...rest,
        properties: { ...properties, ...(isObject(rest.properties) ? rest.properties : {}) },
        required: [...new Set([...required, ...ownRequired])],
      };
    }
    if (
      out.additionalProperties === false &&
      (SCALAR_OR_ARRAY.has(String(out.type)) || out.properties === undefined)
    ) {
      delete out.additionalProperties;
    }
    if (out.nullable !== undefined && out.type === undefined) delete out.nullable;
    if (out.format === "") delete out.format;
    return out;
  };
  return norm;
}

function loadDefinition(): Json {
  const raw = JSON.parse(readFileSync(SPEC_PATH, "utf8")) as Json;
  const components = raw.components as Json;
  const norm = normalizer(components.schemas as Record<string, Json>);
  const paths = norm(raw.paths) as Record<string, Record<string, Json>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) op.operationId = `${method.toUpperCase()} ${path}`;
  }
  return { ...raw, paths, components: norm(components) };
}

function customizeAjv(ajv: Ajv): Ajv {
  addFormats(ajv);
  for (const f of ANNOTATION_FORMATS) ajv.addFormat(f, true);
  return ajv;
}

export interface ShipBobSpec {
  api: OpenAPIBackend;
  /** a validator for one named component schema (webhook bodies) */
  schema(name: string): ValidateFunction;
  /** the declared response schema of an operation for a status, if the spec has one */
  hasResponseSchema(op: Operation, status: number): boolean;
  /** the declared response statuses of an operation */
  statuses(op: Operation): number[];
}

let cached: Promise<ShipBobSpec> | null = null;

/** The checked spec, built once per process (compiling validators lazily, per operation). */
export function shipBobSpec(): Promise<ShipBobSpec> {
  cached ??= build();
  return cached;
}

async function build(): Promise<ShipBobSpec> {
  const definition = loadDefinition();
  // quick: no definition check (the file fails it; see the normalisation above) and validators
  // compiled lazily, per operation used.
  const api = new OpenAPIBackend({
    // biome-ignore lint/suspicious/noExplicitAny: openapi-backend types the definition as OpenAPI documents
    definition: definition as any,
    quick: true,
    strict: false,
    validate: true,
    customizeAjv: (ajv) => customizeAjv(ajv),
  });
  await api.init();

  const ajv = customizeAjv(new Ajv({ strict: false, allErrors: true }));
  ajv.addSchema({ components: definition.components }, "shipbob");
  const compiled = new Map<string, ValidateFunction>();

  const responseContent = (op: Operation, status: number): Json | undefined => {
    const response = (op.responses as Record<string, Json> | undefined)?.[String(status)];
    const content = response && isObject(response.content) ? response.content : undefined;
    const json = content && isObject(content["application/json"]) ? content["application/json"] : undefined;
    return json && isObject(json.schema) ? json.schema : undefined;
  };

  return {
    api,
    schema(name) {
      let fn = compiled.get(name);
      if (!fn) {
        fn = ajv.getSchema(`shipbob#/components/schemas/${name}`);
        if (!fn) throw new Error(`ShipBob spec has no schema ${name}`);
        compiled.set(name, fn);
      }
      return fn;
    },
    hasResponseSchema: (op, status) => responseContent(op, status) !== undefined,
    statuses: (op) => Object.keys(op.responses ?? {}).map(Number),
  };
}

/** Ajv errors as ShipBob's ModelState-style field map: { "products[0].name": ["..."] }. */
export function errorsAsFieldMap(errors: ErrorObject[] | null | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of errors ?? []) {
    const segments = e.instancePath.split("/").filter(Boolean);
    const [where, ...rest] = segments;
    let field = rest.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), "");
    if (e.keyword === "required" && typeof e.params.missingProperty === "string") {
      field = field ? `${field}.${e.params.missingProperty}` : e.params.missingProperty;
    }
    if (e.keyword === "additionalProperties" && typeof e.params.additionalProperty === "string") {
      field = field ? `${field}.${e.params.additionalProperty}` : e.params.additionalProperty;
    }
    const key = field || (where === "requestBody" ? "" : (where ?? ""));
    const message =
      e.keyword === "required"
        ? `The ${key} field is required.`
        : `The field ${key || "request body"} ${e.message ?? "is invalid"}.`;
    out[key] = [...(out[key] ?? []), message];
  }
  return out;
}
