// GET /api/v1/openapi.json: the pull API's OpenAPI document (app/api/openapi.ts). No key needed.
import { json, methodNotAllowed } from "~/api/http.server";
import { openApiDocument } from "~/api/openapi";

export const loader = () => json(200, openApiDocument(), { "Cache-Control": "public, max-age=300" });

export const action = () => methodNotAllowed("GET");
