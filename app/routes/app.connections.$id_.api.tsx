// API access of a pull-type fulfillment house (/app/connections/:id/api): its API keys (prefix,
// name, last use, revoked), creating one (the key is shown once, with a copy button), revoking and
// rotating them, its last API calls and errors, and the OpenAPI document it codes against.
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useFetcher, useLoaderData, useRouteError } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineStack,
  Layout,
  Link,
  Modal,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { appContext } from "~/lib/app-context.server";
import { requireAdmin } from "~/lib/auth.server";
import { createApiKey } from "~/use-cases/createApiKey";
import { ConflictError, NotFoundError, ValidationError } from "~/use-cases/errors";
import { listApiCalls } from "~/use-cases/listApiCalls";
import { listApiKeys } from "~/use-cases/listApiKeys";
import { revokeApiKey } from "~/use-cases/revokeApiKey";
import { rotateApiKey } from "~/use-cases/rotateApiKey";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `API access · ${data?.connection.title ?? "Fulfiller"} · Consign` }];

const OPENAPI_PATH = "/api/v1/openapi.json";

async function pullConnection(request: Request, connectionId: string | undefined) {
  const auth = await requireAdmin(request);
  const connection = await appContext().db.connection.findFirst({
    where: { id: connectionId ?? "", shopId: auth.shop.id, mode: "pull" },
    select: { id: true, title: true, active: true },
  });
  if (!connection) throw new Response("This fulfiller was not found, or it does not use the API.", { status: 404 });
  return { ...auth, ctx: appContext({ actor: auth.actor }), connection };
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, ctx, connection } = await pullConnection(request, params.id);
  const [keys, calls] = await Promise.all([
    listApiKeys(ctx, { shopId: shop.id, connectionId: connection.id }),
    listApiCalls(ctx, { shopId: shop.id, connectionId: connection.id, limit: 25 }),
  ]);
  const origin = new URL(request.url).origin;
  return { connection, keys, calls, apiBase: `${origin}/api/v1`, openApiUrl: `${origin}${OPENAPI_PATH}` };
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: z.string().trim().min(1, "Give the key a name").max(100) }),
  z.object({ intent: z.literal("revoke"), keyId: z.string().min(1) }),
  z.object({ intent: z.literal("rotate"), keyId: z.string().min(1) }),
]);

type ActionAnswer =
  | { ok: true; message: string; secret?: string; prefix?: string }
  | { ok: false; message: string; fieldErrors: Record<string, string> };

function answer(status: number, body: ActionAnswer) {
  return data(body, { status });
}

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, ctx, connection } = await pullConnection(request, params.id);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join(".") || "form", i.message]));
    return answer(400, { ok: false, message: Object.values(fieldErrors).join("; "), fieldErrors });
  }
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "create": {
        const created = await createApiKey(ctx, { shopId: shop.id, connectionId: connection.id, name: input.name });
        return answer(200, { ok: true, message: `Key "${created.apiKey.name}" created.`, secret: created.secret, prefix: created.apiKey.prefix });
      }
      case "rotate": {
        await ownKey(input.keyId);
        const rotated = await rotateApiKey(ctx, { shopId: shop.id, apiKeyId: input.keyId });
        return answer(200, {
          ok: true,
          message: `Key "${rotated.apiKey.name}" rotated; the old key no longer works.`,
          secret: rotated.secret,
          prefix: rotated.apiKey.prefix,
        });
      }
      case "revoke": {
        await ownKey(input.keyId);
        const revoked = await revokeApiKey(ctx, { shopId: shop.id, apiKeyId: input.keyId });
        return answer(200, { ok: true, message: `Key ${revoked.prefix}… revoked; it is refused from now on.` });
      }
    }
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response(error.message, { status: 404 });
    if (error instanceof ValidationError) {
      const fieldErrors = Object.fromEntries(error.issues.map((i) => [i.field || "form", i.message]));
      return answer(400, { ok: false, message: error.message, fieldErrors });
    }
    if (error instanceof ConflictError) return answer(409, { ok: false, message: error.message, fieldErrors: {} });
    throw error;
  }

  /** A key of this shop AND this connection; any other id is "not found". */
  async function ownKey(keyId: string): Promise<void> {
    const found = await ctx.db.apiKey.findFirst({ where: { id: keyId, shopId: shop.id, connectionId: connection.id }, select: { id: true } });
    if (!found) throw new NotFoundError("API key", keyId);
  }
};

const dateTime = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });

/** Server and browser render the same text: UTC, fixed locale. */
function when(iso: string | null): string {
  return iso ? `${dateTime.format(new Date(iso))} UTC` : "Never";
}

function NewKeyBanner({ secret, onDismiss }: { secret: string; onDismiss(): void }) {
  const [copied, setCopied] = useState(false);
  return (
    <Banner tone="warning" title="Copy this key now: it will not be shown again" onDismiss={onDismiss}>
      <BlockStack gap="200">
        <Text as="p">Give it to the fulfillment house. Consign keeps only a fingerprint of it.</Text>
        <InlineStack gap="200" blockAlign="end" wrap={false}>
          <div style={{ flexGrow: 1 }}>
            <TextField label="API key" value={secret} readOnly autoComplete="off" monospaced selectTextOnFocus />
          </div>
          <Button
            onClick={() => {
              void navigator.clipboard?.writeText(secret).then(() => setCopied(true));
            }}
          >
            {copied ? "Copied" : "Copy"}
          </Button>
        </InlineStack>
      </BlockStack>
    </Banner>
  );
}

export default function ApiAccessPage() {
  const { connection, keys, calls, apiBase, openApiUrl } = useLoaderData<typeof loader>();
  const create = useFetcher<ActionAnswer>();
  const change = useFetcher<ActionAnswer>();
  const [name, setName] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; prefix: string } | null>(null);

  useEffect(() => {
    if (create.state !== "idle" || !create.data?.ok) return;
    if (create.data.secret) setSecret(create.data.secret);
    setName("");
  }, [create.state, create.data]);
  useEffect(() => {
    if (change.state === "idle" && change.data?.ok && change.data.secret) setSecret(change.data.secret);
  }, [change.state, change.data]);
  useEffect(() => {
    if (change.state === "idle" && change.data) setRevoking(null);
  }, [change.state, change.data]);

  const failure = [create.data, change.data].find((d) => d && !d.ok);
  const active = keys.filter((k) => !k.revokedAt);
  const nameError = create.data && !create.data.ok ? create.data.fieldErrors.name : undefined;

  return (
    <Page
      title="API access"
      subtitle={`${connection.title} fetches its orders from Consign and reports shipments back through the API.`}
      backAction={{ content: connection.title, url: `/app/connections/${connection.id}` }}
      secondaryActions={[{ content: "OpenAPI document", url: openApiUrl, target: "_blank" }]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {secret ? <NewKeyBanner secret={secret} onDismiss={() => setSecret(null)} /> : null}
            {failure && !failure.ok ? (
              <Banner tone="critical" title="Nothing was changed">
                <p>{failure.message}</p>
              </Banner>
            ) : null}
            {active.length === 0 ? (
              <Banner tone="info" title="This house has no working key">
                <p>Create a key and give it to the house; without one it cannot fetch its orders.</p>
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  API keys
                </Text>
                {keys.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No keys yet.
                  </Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "text", "text", "text"]}
                    headings={["Key", "Last used", "Status", ""]}
                    rows={keys.map((key) => [
                      <BlockStack key="key" gap="050">
                        <Text as="span" fontWeight="semibold">
                          {key.name}
                        </Text>
                        <Text as="span" tone="subdued">
                          <code>{key.prefix}…</code> · created {when(key.createdAt)}
                        </Text>
                      </BlockStack>,
                      when(key.lastUsedAt),
                      key.revokedAt ? (
                        <Badge key="status">Revoked</Badge>
                      ) : (
                        <Badge key="status" tone="success">
                          Active
                        </Badge>
                      ),
                      key.revokedAt ? (
                        <Text key="actions" as="span" tone="subdued">
                          {when(key.revokedAt)}
                        </Text>
                      ) : (
                        <InlineStack key="actions" gap="200" wrap={false}>
                          <Button
                            size="slim"
                            loading={change.state !== "idle" && change.formData?.get("keyId") === key.id}
                            onClick={() => change.submit({ intent: "rotate", keyId: key.id }, { method: "post" })}
                          >
                            Rotate
                          </Button>
                          <Button size="slim" tone="critical" onClick={() => setRevoking({ id: key.id, prefix: key.prefix })}>
                            Revoke
                          </Button>
                        </InlineStack>
                      ),
                    ])}
                  />
                )}
                {connection.active ? (
                  <create.Form method="post">
                    <input type="hidden" name="intent" value="create" />
                    <InlineStack gap="200" blockAlign="end" wrap={false}>
                      <div style={{ flexGrow: 1 }}>
                        <TextField
                          label="New key name"
                          name="name"
                          value={name}
                          onChange={setName}
                          autoComplete="off"
                          placeholder="e.g. Warehouse system"
                          error={nameError}
                        />
                      </div>
                      <Button submit variant="primary" loading={create.state !== "idle"}>
                        Create key
                      </Button>
                    </InlineStack>
                  </create.Form>
                ) : (
                  <Text as="p" tone="subdued">
                    This fulfiller is deactivated: its keys still work for the orders it has, but no new key can be made.
                  </Text>
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Last calls
                </Text>
                {calls.calls.length === 0 ? (
                  <Text as="p" tone="subdued">
                    The house has not called the API yet.
                  </Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "text", "text", "numeric", "numeric"]}
                    headings={["When", "Key", "Request", "Status", "ms"]}
                    rows={calls.calls.map((c) => [when(c.at), `${c.keyPrefix}…`, `${c.method} ${c.path}`, c.status, c.durationMs])}
                  />
                )}
                {calls.errors.length > 0 ? (
                  <BlockStack gap="200">
                    <Text as="h3" variant="headingSm">
                      Recent errors
                    </Text>
                    <DataTable
                      columnContentTypes={["text", "text", "numeric", "text"]}
                      headings={["When", "Request", "Status", "Error"]}
                      rows={calls.errors.slice(0, 10).map((c) => [when(c.at), `${c.method} ${c.path}`, c.status, c.error ?? ""])}
                    />
                  </BlockStack>
                ) : null}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                For the house's developers
              </Text>
              <Text as="p">
                Base URL: <code>{apiBase}</code>
              </Text>
              <Text as="p">
                Every request carries <code>Authorization: Bearer &lt;key&gt;</code>. Orders waiting for the house:{" "}
                <code>GET /api/v1/orders</code>.
              </Text>
              <Link url={openApiUrl} target="_blank">
                OpenAPI document
              </Link>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
      <Modal
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title={`Revoke key ${revoking?.prefix ?? ""}…?`}
        primaryAction={{
          content: "Revoke",
          destructive: true,
          loading: change.state !== "idle",
          onAction: () => revoking && change.submit({ intent: "revoke", keyId: revoking.id }, { method: "post" }),
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setRevoking(null) }]}
      >
        <Modal.Section>
          <Text as="p">The house's next request with this key is refused. This cannot be undone.</Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? String(error.data || error.statusText)
    : error instanceof Error
      ? error.message
      : "Something went wrong.";
  return (
    <Page title="API access" backAction={{ content: "Fulfillers", url: "/app/fulfillers" }}>
      <Banner tone="critical" title={isRouteErrorResponse(error) && error.status === 404 ? "Not found" : "This page could not be shown"}>
        <p>{message}</p>
      </Banner>
    </Page>
  );
}
