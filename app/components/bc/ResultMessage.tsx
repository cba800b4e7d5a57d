// The answer of an admin action (ActionResult of app/lib/admin-route.server.ts) as a BigDesign
// message: what happened, or why nothing did.
import { Message } from "@bigcommerce/big-design";

export interface ResultLike {
  ok: boolean;
  message: string;
}

export function ResultMessage({ result, marginBottom = "medium" }: { result: ResultLike | null | undefined; marginBottom?: "none" | "medium" }) {
  if (!result) return null;
  return (
    <Message
      type={result.ok ? "success" : "error"}
      messages={[{ text: result.message }]}
      marginBottom={marginBottom}
      role={result.ok ? "status" : "alert"}
    />
  );
}

/** Field errors of a failed action, by field name. */
export function fieldErrors(result: unknown): Record<string, string> {
  if (result && typeof result === "object" && "fieldErrors" in result) {
    const errors = (result as { fieldErrors: unknown }).fieldErrors;
    if (errors && typeof errors === "object") return errors as Record<string, string>;
  }
  return {};
}
