// The pull API's OpenAPI 3.1 document, served at /api/v1/openapi.json: the one description of the
// API for fulfillment houses. Request and response bodies are rendered from the same zod schemas
// the routes check requests with and the use cases build answers from, so they cannot drift.
import { z } from "zod";
import { acknowledgeBodySchema } from "~/use-cases/acknowledgeFulfillment";
import { ORDER_STATUS_FILTERS } from "~/use-cases/listPullOrders";
import { statusBodySchema } from "~/use-cases/reportFulfillmentStatus";
import { shipmentBodySchema } from "~/use-cases/reportPullShipment";
import { fulfillmentDetailView, ordersPageView, shipmentView } from "~/use-cases/shared/pullViews";
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from "./config.server";
import { duplicateShipmentBodySchema, errorBodySchema } from "./errors";

/** A part of the document: plain JSON. */
type Json = { [key: string]: unknown };
type Schema = Json;
type Registry = ReturnType<typeof z.registry<{ id: string }>>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Components from zod schemas, without the per-schema $schema/$id that zod adds (the document sets the dialect). */
function render(entries: Record<string, z.ZodType>, io: "input" | "output"): Record<string, Schema> {
  const registry: Registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(entries)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io,
    uri: (id) => `#/components/schemas/${id}`,
    // ajv-formats and every OpenAPI tool know format date-time; zod's long equivalent regex only adds noise.
    override: ({ jsonSchema }) => {
      if (jsonSchema.format === "date-time") delete jsonSchema.pattern;
    },
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema as Record<string, unknown>;
      return [id, rest as Schema];
    }),
  );
}

const rateLimitHeaders: Record<string, Json> = {
  "RateLimit-Limit": { $ref: "#/components/headers/RateLimit-Limit" },
  "RateLimit-Remaining": { $ref: "#/components/headers/RateLimit-Remaining" },
  "RateLimit-Reset": { $ref: "#/components/headers/RateLimit-Reset" },
};

function jsonResponse(description: string, schema: string, headers = rateLimitHeaders): Json {
  return { description, headers, content: { "application/json": { schema: ref(schema) } } };
}

const errors = {
  400: { $ref: "#/components/responses/InvalidRequest" },
  401: { $ref: "#/components/responses/Unauthorized" },
  403: { $ref: "#/components/responses/Forbidden" },
  404: { $ref: "#/components/responses/NotFound" },
  409: { $ref: "#/components/responses/Conflict" },
  422: { $ref: "#/components/responses/Unprocessable" },
  429: { $ref: "#/components/responses/RateLimited" },
  500: { $ref: "#/components/responses/Internal" },
} as const;

const idParameter: Json = {
  name: "id",
  in: "path",
  required: true,
  description: "The fulfillment's id, as GET /api/v1/orders gives it",
  schema: { type: "string", minLength: 1, maxLength: 64 },
};

function jsonBody(schema: string): Json {
  return { required: true, content: { "application/json": { schema: ref(schema) } } };
}

const description = `
The pull API of Consign for fulfillment houses that fetch their orders themselves and report
shipments back (the model: Konnektive's Order Query and Update Fulfillment APIs).

**Keys.** The merchant creates a key for your house in Consign's admin (Fulfillers → your house →
API access). It is shown once. Send it on every request as \`Authorization: Bearer <key>\`. A
missing, unknown or revoked key gets 401 and nothing else; a fulfillment that is not yours gets the
same 404 as one that does not exist.

**The flow.** 1. \`GET /api/v1/orders\` lists the fulfillments waiting for you (status filter
\`NEW\`: HOLD fulfillments past the shop's hold delay, and RECYCLED ones). Fetching changes nothing.
2. \`POST /api/v1/fulfillments/{id}/acknowledge\` with your own reference takes one: HOLD → PENDING.
It then leaves the NEW list. 3. \`POST /api/v1/fulfillments/{id}/shipments\` for each package; the
first tracking number moves the fulfillment to PENDING_SHIPMENT, full coverage to SHIPPED. Each
accepted shipment is written to the store exactly once; \`GET /api/v1/fulfillments/{id}\` shows
where. 4. \`POST /api/v1/fulfillments/{id}/status\` for cancellations, failures and returns.
To learn of cancellations by the merchant, list \`status=CANCELLED\` with \`updatedSince\`.

**Retries.** Acknowledging again with the same reference, reporting the same shipment again
(409, nothing changes) and reporting the status a fulfillment already has are all safe.

**Limits.** ${DEFAULT_RATE_LIMIT_PER_MINUTE} requests per minute per key by default (fixed one-minute
windows shared by all of Consign's servers). Every authenticated answer carries RateLimit-Limit,
RateLimit-Remaining and RateLimit-Reset (seconds); beyond the limit the answer is 429 with
Retry-After.
`.trim();

export function openApiDocument(): Json {
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: { title: "Consign pull API", version: "1.0.0", description },
    servers: [{ url: "/", description: "This Consign server" }],
    security: [{ bearerAuth: [] }],
    tags: [{ name: "orders" }, { name: "fulfillments" }],
    paths: {
      "/api/v1/orders": {
        get: {
          operationId: "listOrders",
          tags: ["orders"],
          summary: "Fulfillments waiting for this house",
          description:
            "Oldest change first, in keyset pages on (updatedAt, id). A fulfillment that changes while you page moves " +
            "to the end and is listed again there; none is skipped. Requires the orders:read scope.",
          parameters: [
            {
              name: "status",
              in: "query",
              description:
                "NEW (default): HOLD past the shop's hold delay, and RECYCLED — waiting to be acknowledged. " +
                "ALL, or statuses separated by commas (or the parameter repeated).",
              style: "form",
              explode: false,
              schema: { type: "array", minItems: 1, items: { type: "string", enum: [...ORDER_STATUS_FILTERS] } },
            },
            {
              name: "updatedSince",
              in: "query",
              description: "Only fulfillments changed at or after this instant",
              schema: { type: "string", format: "date-time" },
            },
            {
              name: "orderId",
              in: "query",
              description: "The store's order id, or the order's name (#1001 or 1001)",
              schema: { type: "string", minLength: 1, maxLength: 100 },
            },
            { name: "cursor", in: "query", description: "nextCursor of the previous page", schema: { type: "string" } },
            {
              name: "limit",
              in: "query",
              description: "Page size",
              schema: { type: "integer", minimum: 1, maximum: 200, default: 50 },
            },
          ],
          responses: {
            200: jsonResponse("A page of fulfillments", "OrdersPage"),
            400: errors[400],
            401: errors[401],
            403: errors[403],
            429: errors[429],
            500: errors[500],
          },
        },
      },
      "/api/v1/fulfillments/{id}": {
        parameters: [idParameter],
        get: {
          operationId: "getFulfillment",
          tags: ["fulfillments"],
          summary: "A fulfillment, its shipments and where each was pushed",
          description: "Requires the orders:read scope.",
          responses: {
            200: jsonResponse("The fulfillment", "FulfillmentDetail"),
            401: errors[401],
            403: errors[403],
            404: errors[404],
            429: errors[429],
            500: errors[500],
          },
        },
      },
      "/api/v1/fulfillments/{id}/acknowledge": {
        parameters: [idParameter],
        post: {
          operationId: "acknowledgeFulfillment",
          tags: ["fulfillments"],
          summary: "Take a waiting fulfillment: HOLD or RECYCLED → PENDING",
          description:
            "Stores your reference. Again with the same reference: 200, nothing changes. Already acknowledged with " +
            "another reference, a reference you used for another fulfillment, or still within the shop's hold delay: " +
            "409. Any other status: 422. Requires the fulfillments:write scope.",
          requestBody: jsonBody("AcknowledgeRequest"),
          responses: {
            200: jsonResponse("The fulfillment, now PENDING", "FulfillmentDetail"),
            400: errors[400],
            401: errors[401],
            403: errors[403],
            404: errors[404],
            409: errors[409],
            422: errors[422],
            429: errors[429],
            500: errors[500],
          },
        },
      },
      "/api/v1/fulfillments/{id}/shipments": {
        parameters: [idParameter],
        post: {
          operationId: "reportShipment",
          tags: ["fulfillments"],
          summary: "Report a package",
          description:
            "Lines by our line id or by SKU. Checked against the coverage rules: no line beyond what is still due; " +
            "several tracking numbers only for several lines and at least as many units. A fulfillment that is " +
            "CANCELLED, FAILED, RECYCLED, RMA_PENDING or RETURNED takes no shipments (409). " +
            "Requires the fulfillments:write scope.",
          requestBody: jsonBody("ShipmentRequest"),
          responses: {
            201: jsonResponse("Stored; it will be written to the store", "Shipment"),
            200: jsonResponse("A correction of the shipment with this reference; the store follows", "Shipment"),
            400: errors[400],
            401: errors[401],
            403: errors[403],
            404: errors[404],
            409: {
              description: "The same shipment was reported before (nothing changed), or the fulfillment takes no shipments",
              headers: rateLimitHeaders,
              content: {
                "application/json": { schema: { oneOf: [ref("DuplicateShipmentError"), ref("Error")] } },
              },
            },
            422: errors[422],
            429: errors[429],
            500: errors[500],
          },
        },
      },
      "/api/v1/fulfillments/{id}/status": {
        parameters: [idParameter],
        post: {
          operationId: "reportStatus",
          tags: ["fulfillments"],
          summary: "Report a cancellation, a failure or a return",
          description:
            "Only the moves the status table allows (e.g. a SHIPPED fulfillment cannot be CANCELLED; RETURNED only " +
            "follows RMA_PENDING): 422 otherwise. Reporting the status it already has changes nothing. " +
            "Requires the fulfillments:write scope.",
          requestBody: jsonBody("StatusRequest"),
          responses: {
            200: jsonResponse("The fulfillment after the change", "FulfillmentDetail"),
            400: errors[400],
            401: errors[401],
            403: errors[403],
            404: errors[404],
            422: errors[422],
            429: errors[429],
            500: errors[500],
          },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          summary: "This document",
          security: [],
          responses: {
            200: { description: "The OpenAPI document", content: { "application/json": { schema: { type: "object" } } } },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "An API key from the merchant's Consign admin" },
      },
      headers: {
        "RateLimit-Limit": { description: "Requests allowed per window (one minute)", schema: { type: "integer" } },
        "RateLimit-Remaining": { description: "Requests left in this window", schema: { type: "integer" } },
        "RateLimit-Reset": { description: "Seconds until the window ends", schema: { type: "integer" } },
      },
      responses: {
        InvalidRequest: jsonResponse("The request is malformed (a field named in error.fields); nothing changed", "Error"),
        Unauthorized: {
          description: "Missing, unknown or revoked key",
          headers: { "WWW-Authenticate": { schema: { type: "string" } } },
          content: { "application/json": { schema: ref("Error") } },
        },
        Forbidden: jsonResponse("The key lacks the scope this endpoint needs", "Error"),
        NotFound: jsonResponse("No such fulfillment for this house", "Error"),
        Conflict: jsonResponse("The fulfillment's state does not allow this; nothing changed", "Error"),
        Unprocessable: jsonResponse("A rule is broken (each in error.fields, by field); nothing changed", "Error"),
        RateLimited: {
          description: "Too many requests in this window",
          headers: { ...rateLimitHeaders, "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } },
          content: { "application/json": { schema: ref("Error") } },
        },
        Internal: { description: "Our fault; nothing changed", content: { "application/json": { schema: ref("Error") } } },
      },
      schemas: {
        ...render(
          { AcknowledgeRequest: acknowledgeBodySchema, ShipmentRequest: shipmentBodySchema, StatusRequest: statusBodySchema },
          "input",
        ),
        ...render(
          {
            OrdersPage: ordersPageView,
            FulfillmentDetail: fulfillmentDetailView,
            Shipment: shipmentView,
            Error: errorBodySchema,
            DuplicateShipmentError: duplicateShipmentBodySchema,
          },
          "output",
        ),
      },
    },
  };
}
