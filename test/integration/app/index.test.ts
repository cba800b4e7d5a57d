import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startAppServer } from "../../support/app-server";

describe("the app over HTTP", () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("serves the landing page with its title", async () => {
    const res = await fetch(`${app.url}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<title>Consign</title>");
    expect(html).not.toContain("__STYLES__");
  });

  it("answers an unknown path with 404", async () => {
    const res = await fetch(`${app.url}/no-such-page`);
    expect(res.status).toBe(404);
  });
});
