// Streams the page and inlines styled-components' CSS (BigDesign) into <head>, so BigCommerce
// pages do not flash unstyled. renderToString + ServerStyleSheet breaks Remix single fetch;
// renderToPipeableStream with onAllReady and a placeholder swap works (notes/stack.md §4).
import { PassThrough, Transform } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { ServerStyleSheet } from "styled-components";
import { addDocumentResponseHeaders } from "./shopify.server";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  void isbot; // every response waits for all data: BigDesign's styles must be complete
  if (new URL(request.url).pathname.startsWith("/bc")) {
    // The BigCommerce control panel frames the app (notes/bigcommerce.md §1).
    responseHeaders.set("Content-Security-Policy", "frame-ancestors https://*.bigcommerce.com https://*.mybigcommerce.com;");
  } else {
    // Shopify's embedded-app headers: frame-ancestors for the shop's admin, App Bridge preload.
    addDocumentResponseHeaders(request, responseHeaders);
  }
  const sheet = new ServerStyleSheet();
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      sheet.collectStyles(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />),
      {
        onAllReady() {
          shellRendered = true;
          const styles = sheet.getStyleTags();
          sheet.seal();
          const body = new PassThrough();
          let replaced = false;
          const inject = new Transform({
            transform(chunk, _enc, callback) {
              let text = chunk.toString();
              if (!replaced && text.includes("__STYLES__")) {
                text = text.replace("__STYLES__", styles);
                replaced = true;
              }
              callback(null, text);
            },
          });
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(inject).pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
