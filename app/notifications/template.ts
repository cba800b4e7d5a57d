// The merchant's notification templates: HTML with {{placeholders}} and nothing else — no
// expressions, no helpers, no code. A placeholder names one of a fixed list of values
// ({{order.name}}, {{tracking.url}}, ...); the value is HTML-escaped where it lands in the body,
// and a subject loses its line breaks (a header cannot be split). An unknown name, or a brace
// left open, is an error naming it, so a template is checked before it is saved.

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAME = /^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)*$/;

export type TemplateValues = Readonly<Record<string, string>>;

/** Problems with a template: unknown placeholders, malformed ones, stray braces. Empty: fine. */
export function checkTemplate(source: string, allowed: readonly string[]): string[] {
  const problems: string[] = [];
  const known = new Set(allowed);
  for (const match of source.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (!NAME.test(name)) problems.push(`{{${name}}} is not a placeholder name (letters, digits and dots)`);
    else if (!known.has(name)) problems.push(`{{${name}}} is not a known placeholder; use one of ${allowed.map((a) => `{{${a}}}`).join(", ")}`);
  }
  const rest = source.replace(PLACEHOLDER, "");
  if (rest.includes("{{") || rest.includes("}}")) problems.push("a {{ or }} is not closed or not opened");
  return [...new Set(problems)];
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * Fills the placeholders. "html": values escaped for HTML (the body); "subject": values and the
 * result on one line. A name without a value renders as empty text.
 */
export function renderTemplate(source: string, values: TemplateValues, mode: "html" | "subject"): string {
  const filled = source.replace(PLACEHOLDER, (_, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : "";
    return mode === "html" ? escapeHtml(value) : value;
  });
  return mode === "subject" ? filled.replace(/[\r\n]+/g, " ").trim() : filled;
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " " };

/** A plain-text version of rendered HTML, for the text part of an email. */
export function htmlToText(html: string): string {
  return html
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_, href: string, label: string) => `${label} (${href})`)
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|h[1-6]|li|tr)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
