// What every admin page's loader and action share: the authenticated shop and a use-case context,
// input read and checked with zod, and use-case errors turned into HTTP answers (a missing or
// foreign record is a 404; bad input a 400 naming each field; a refusal by the fulfiller a 422).
import { data } from "@remix-run/node";
import { z } from "zod";
import { appContext } from "~/lib/app-context.server";
import { type AdminRequestContext, requireAdmin } from "~/lib/auth.server";
import type { AppContext } from "~/use-cases/context";
import {
  ConflictError,
  CredentialsRejectedError,
  FulfillerUnavailableError,
  NotFoundError,
  UseCaseError,
  ValidationError,
} from "~/use-cases/errors";

export interface Admin extends AdminRequestContext {
  ctx: AppContext;
}

export async function admin(request: Request): Promise<Admin> {
  const auth = await requireAdmin(request);
  return { ...auth, ctx: appContext({ actor: auth.actor }) };
}

/** The answer of every admin action: what happened, in words for a toast or a banner. */
export type ActionResult<T = undefined> =
  | { ok: true; message: string; result?: T }
  | {
      ok: false;
      message: string;
      /** by field name as the form uses it ("credentials.apiKey", "lines.0.quantity") */
      fieldErrors: Record<string, string>;
      kind: "invalid" | "rejected" | "unavailable" | "conflict";
    };

export function ok<T>(message: string, result?: T) {
  return { ok: true as const, message, ...(result === undefined ? {} : { result }) };
}

function failure(kind: "invalid" | "rejected" | "unavailable" | "conflict", message: string, fieldErrors: Record<string, string> = {}) {
  return { ok: false as const, kind, message, fieldErrors };
}

export type Failure = ReturnType<typeof failure>;

function fieldErrorsOf(issues: readonly { field: string; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[issue.field || "form"] ??= issue.message;
  return errors;
}

/** Bad route input, named by field: the same 400 answer a use case's ValidationError gets. */
export function invalid(issues: readonly { field: string; message: string }[]) {
  return data(failure("invalid", new ValidationError(issues).message, fieldErrorsOf(issues)), { status: 400 });
}

/** A zod failure of route input as a 400 answer naming each field. */
export function invalidInput(error: z.ZodError) {
  return invalid(error.issues.map((i) => ({ field: i.path.map(String).join("."), message: i.message })));
}

export function notFound(what = "Not found"): Response {
  return new Response(what, { status: 404, statusText: "Not Found" });
}

/**
 * Runs a use case for an action. A NotFoundError is thrown as a 404 response (the page's error
 * boundary shows it); the other use-case errors come back as a failed ActionResult with a status.
 */
export async function attempt<T>(work: () => Promise<T>) {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotFoundError) throw notFound(error.message);
    if (error instanceof ValidationError) return invalid(error.issues);
    if (error instanceof CredentialsRejectedError) return data(failure("rejected", error.message), { status: 422 });
    if (error instanceof FulfillerUnavailableError) return data(failure("unavailable", error.message), { status: 503 });
    if (error instanceof ConflictError) return data(failure("conflict", error.message), { status: 409 });
    if (error instanceof UseCaseError) return data(failure("conflict", error.message), { status: 409 });
    throw error;
  }
}

/** For loaders: a NotFoundError becomes a 404, a ValidationError (e.g. a stale cursor) a 400. */
export async function load<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotFoundError) throw notFound(error.message);
    if (error instanceof ValidationError) throw new Response(error.message, { status: 400, statusText: "Bad Request" });
    throw error;
  }
}

/** The request's body as a plain object: JSON, or form fields (a repeated name becomes an array). */
export async function readBody(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    const body: unknown = await request.json().catch(() => null);
    return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  }
  const form = await request.formData();
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key);
    out[key] = values.length > 1 || key.endsWith("[]") ? values : values[0];
  }
  return out;
}

/** Search params as a plain object (a repeated name becomes an array), for a zod schema. */
export function searchOf(request: Request): Record<string, string | string[]> {
  const params = new URL(request.url).searchParams;
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key).filter((v) => v !== "");
    if (values.length === 0) continue;
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
}

/** Parses route input; a failure is thrown as a 400 answer naming each field. */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "input"}: ${i.message}`).join("; ");
    throw new Response(message, { status: 400, statusText: "Bad Request" });
  }
  return parsed.data;
}

/** "1" | "on" | "true" from a checkbox or toggle; anything else, or absent, is false. */
export const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === "1" || v === true, z.boolean());

/** A value that may arrive as one string or several: always an array. */
export function many<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item));
}

/** The largest CSV upload taken (a 100,000-row export is about 30 MB). */
export const MAX_CSV_BYTES = 50 * 1024 * 1024;

/** The CSV text of an upload: a multipart "file" field, or a "csv" text field. 400/413 otherwise. */
export async function readCsvUpload(request: Request): Promise<string> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_CSV_BYTES) {
    throw Response.json({ ok: false, message: "The file is larger than 50 MB; split it in parts.", errors: [] }, { status: 413 });
  }
  const body = await readBody(request);
  const file = body.file;
  const text = file instanceof File ? await file.text() : typeof body.csv === "string" ? body.csv : null;
  if (text === null || text.trim() === "") {
    throw Response.json(
      { ok: false, message: "Choose a CSV file to upload.", errors: [{ row: 0, column: "file", message: "No file was received." }] },
      { status: 400 },
    );
  }
  return text;
}
