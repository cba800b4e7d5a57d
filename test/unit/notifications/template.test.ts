// The notification template syntax: placeholders only, values escaped, errors that name the
// placeholder, and the defaults valid with the sample data.
import { describe, expect, test } from "vitest";
import { DEFAULT_TEMPLATES, NOTIFICATION_KINDS, PLACEHOLDERS, SAMPLE_VALUES } from "~/notifications/kinds";
import { checkTemplate, escapeHtml, htmlToText, renderTemplate } from "~/notifications/template";

describe("renderTemplate", () => {
  test("fills placeholders, escaping values for HTML", () => {
    const out = renderTemplate("<p>Hi {{ customer.name }}, order {{order.name}}</p>", { "customer.name": `<script>alert("x")</script> & Co`, "order.name": "#1" }, "html");
    expect(out).toBe("<p>Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co, order #1</p>");
  });

  test("a subject keeps values as typed but on one line", () => {
    expect(renderTemplate("Order {{order.name}}\r\nBcc: x@y", { "order.name": "#1 <b>" }, "subject")).toBe("Order #1 <b> Bcc: x@y");
  });

  test("nothing is evaluated: a missing or inherited name renders empty", () => {
    expect(renderTemplate("[{{constructor}}][{{order.name}}]", {}, "html")).toBe("[][]");
  });
});

describe("checkTemplate", () => {
  test("names unknown and malformed placeholders and stray braces", () => {
    expect(checkTemplate("{{order.name}} {{order.total}}", PLACEHOLDERS)).toEqual([expect.stringContaining("{{order.total}} is not a known placeholder")]);
    expect(checkTemplate("{{ order.name() }}", PLACEHOLDERS)).toEqual([expect.stringContaining("is not a placeholder name")]);
    expect(checkTemplate("Hi {{order.name", PLACEHOLDERS)).toEqual(["a {{ or }} is not closed or not opened"]);
    expect(checkTemplate("Fine {{ tracking.url }}", PLACEHOLDERS)).toEqual([]);
  });

  test("every default template is valid and renders every placeholder it uses", () => {
    for (const kind of NOTIFICATION_KINDS) {
      const t = DEFAULT_TEMPLATES[kind];
      expect(checkTemplate(t.subject, PLACEHOLDERS)).toEqual([]);
      expect(checkTemplate(t.body, PLACEHOLDERS)).toEqual([]);
      expect(renderTemplate(t.body, SAMPLE_VALUES, "html")).not.toContain("{{");
    }
  });
});

describe("htmlToText", () => {
  test("keeps link targets, breaks paragraphs, decodes entities", () => {
    const html = `<p>Hi ${escapeHtml("Ada & Bob")},</p><p><a href="https://t.example/?a=1&amp;b=2">Track</a></p>`;
    expect(htmlToText(html)).toBe("Hi Ada & Bob,\nTrack (https://t.example/?a=1&b=2)");
  });
});
