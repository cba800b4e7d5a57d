// Any other /api/v1 path: a JSON 404, whatever the method.
import { json } from "~/api/http.server";
import { errorBody } from "~/api/errors";

const notFound = () => json(404, errorBody("not_found", "No such endpoint. See /api/v1/openapi.json."));

export const loader = notFound;
export const action = notFound;
