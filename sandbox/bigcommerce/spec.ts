// BigCommerce's OpenAPI files, loaded once per process, as openapi-backend validators for the
// stand-in's requests and responses, plus ajv validators for webhook callback bodies.
//
// The files are the vendor's own (../shared/reference/bigcommerce, see its README); they are read
// from there, not copied. CONSIGN_REFERENCE_DIR points elsewhere when the folder lives elsewhere.
//
// Errata: four places where the vendor's documents disagree with themselves or with how the API
// answers. Each is applied to the loaded definition, narrowly, and says where it comes from.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsImport from "ajv-formats";
import { OpenAPIBackend } from "openapi-backend";
import { parse } from "yaml";

// ajv-formats is CommonJS; under ESM its default export may arrive wrapped
const addFormats = ((addFormatsImport as unknown as { default?: typeof addFormatsImport }).default ?? addFormatsImport) as typeof addFormatsImport;

export function referenceDir(): string {
  return process.env.CONSIGN_REFERENCE_DIR ?? resolve(import.meta.dirname, "..", "..", "..", "shared", "reference");
}

export function bigCommerceSpecDir(): string {
  return join(referenceDir(), "bigcommerce");
}

export const SPEC_FILES = {
  orders: "orders.v2.oas2.yml",
  products: "products_catalog.v3.yml",
  variants: "product-variants_catalog.v3.yml",
  webhooks: "webhooks.v3.yml",
} as const;
export type SpecName = keyof typeof SPEC_FILES;

export function bigCommerceSpecsPresent(): boolean {
  return Object.values(SPEC_FILES).every((f) => existsSync(join(bigCommerceSpecDir(), f)));
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function at(doc: Json, ...path: string[]): Json {
  let node: unknown = doc;
  for (const key of path) {
    if (!isObj(node) || !(key in node)) throw new Error(`BigCommerce spec erratum: ${path.join(".")} is not in the spec any more`);
    node = node[key];
  }
  if (!isObj(node)) throw new Error(`BigCommerce spec erratum: ${path.join(".")} is not an object`);
  return node;
}

function applyErrata(name: SpecName, doc: Json): void {
  if (name === "orders") {
    // 1. GET /orders `sort`: the enum lists bare fields, but the same parameter's description says
    //    "To specify the direction, add :asc or :desc to the end … e.g. sort=date_created:desc".
    const sort = at(doc, "components", "parameters", "sort", "schema");
    const fields = sort.enum as string[];
    sort.enum = [...fields, ...fields.flatMap((f) => [`${f}:asc`, `${f}:desc`])];
    // 2. GET /orders answers 204 with no body when no order matches; the spec lists only 200
    //    (notes/bigcommerce.md §2, aligent/bigcommerce-v3-api-php-client PR #177).
    const responses = at(doc, "paths", "/orders", "get", "responses");
    responses["204"] = { description: "No Content (no orders match; erratum, see notes §2)" };
  }
  if (name === "variants") {
    // 4. Some schemas of this file mark nullable fields the OAS 2 way, `x-nullable: true` (e.g.
    //    getVariants cost_price, "This value displays as null in the control panel when cost_price
    //    equals zero"), which OAS 3 validators ignore; the same fields are `nullable: true` under
    //    getProductVariants. Each `x-nullable: true` is read as the `nullable: true` it means.
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (const item of node) visit(item);
        return;
      }
      if (!isObj(node)) return;
      if (node["x-nullable"] === true && node.nullable === undefined) node.nullable = true;
      for (const value of Object.values(node)) visit(value);
    };
    visit(doc);
  }
  if (name === "webhooks") {
    // 3. GET /hooks: `data` has minItems 1, so a store without hooks could not answer at all.
    //    An empty collection is answered as `data: []` like every other v3 collection. (Unverified
    //    against a live store; Consign's registration does not depend on it.)
    const data = at(doc, "components", "responses", "webhooks_Resp", "content", "application/json", "schema", "properties", "data");
    delete data.minItems;
  }
}

function customizeAjv(ajv: Ajv): Ajv {
  addFormats(ajv);
  // OpenAPI's numeric formats and one vendor format that JSON Schema does not define
  for (const f of ["float", "double", "int32", "int64", "url"]) ajv.addFormat(f, true);
  return ajv;
}

export interface LoadedSpecs {
  backends: Record<SpecName, OpenAPIBackend>;
  /** validators of webhook callback bodies by scope (webhooks.v3.yml components.schemas.store_*) */
  callback(scope: string): ValidateFunction | null;
  /** the generic error shapes for answers whose status an operation does not list */
  v2Error: ValidateFunction;
  v3Error: ValidateFunction;
}

let loading: Promise<LoadedSpecs> | null = null;

/** Loads and compiles the four specs (about 3 s), once per process. */
export function loadBigCommerceSpecs(): Promise<LoadedSpecs> {
  loading ??= load().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

async function load(): Promise<LoadedSpecs> {
  const dir = bigCommerceSpecDir();
  if (!bigCommerceSpecsPresent()) {
    throw new Error(
      `The BigCommerce stand-in checks every request and answer against BigCommerce's OpenAPI files, expected in ${dir} (${Object.values(SPEC_FILES).join(", ")}). Set CONSIGN_REFERENCE_DIR to the folder that holds bigcommerce/.`,
    );
  }
  const docs = {} as Record<SpecName, Json>;
  const backends = {} as Record<SpecName, OpenAPIBackend>;
  for (const [name, file] of Object.entries(SPEC_FILES) as [SpecName, string][]) {
    const doc = parse(readFileSync(join(dir, file), "utf8")) as Json;
    applyErrata(name, doc);
    docs[name] = doc;
    // openapi-backend's own types want its Document type; the parsed YAML is that document
    const api = new OpenAPIBackend({
      definition: doc as never,
      apiRoot: "/",
      strict: false,
      validate: true,
      quick: false,
      ajvOpts: { strict: false, allErrors: false, logger: false },
      customizeAjv: (ajv) => customizeAjv(ajv as unknown as Ajv) as unknown as typeof ajv,
    });
    await api.init();
    backends[name] = api;
  }

  const ajv = customizeAjv(new Ajv({ strict: false, allErrors: false, logger: false }));
  ajv.addSchema(docs.webhooks, "webhooks");
  const callbacks = new Map<string, ValidateFunction | null>();
  const callback = (scope: string): ValidateFunction | null => {
    const key = scope.replaceAll("/", "_");
    if (!callbacks.has(key)) {
      const schemas = at(docs.webhooks, "components", "schemas");
      callbacks.set(key, key in schemas ? (ajv.getSchema(`webhooks#/components/schemas/${key}`) ?? null) : null);
    }
    return callbacks.get(key) ?? null;
  };
  // orders.v2.oas2.yml components.responses.404_Resp: [{status, message}]
  const v2Error = ajv.compile({
    type: "array",
    minItems: 1,
    items: { type: "object", required: ["status", "message"], properties: { status: { type: "integer" }, message: { type: "string" } } },
  });
  // webhooks.v3.yml error_Full / errorDetailed_Full; products_catalog.v3.yml GeneralError
  const v3Error = ajv.compile({
    type: "object",
    required: ["status", "title", "type"],
    properties: { status: { type: "integer" }, title: { type: "string" }, type: { type: "string" }, errors: { type: "object" } },
  });
  return { backends, callback, v2Error, v3Error };
}
