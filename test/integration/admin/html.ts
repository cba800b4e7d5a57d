// Reading a server-rendered admin page the way a person reads it: its visible text.

/** The page's text: scripts and tags removed, entities decoded, whitespace collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

/** Order names (#1001) in the order the fulfillments table lists them. */
export function orderNamesIn(html: string): string[] {
  return [...textOf(html).matchAll(/Select fulfillment (#\d+)/g)].map((m) => m[1]);
}
