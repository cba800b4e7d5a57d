// One fulfiller of the shop: its masked credentials, "Assign to all products", "Send a test order"
// with the fulfiller's answer, new credentials (checked live like activation), and deactivation.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DescriptionList,
  InlineStack,
  Layout,
  Modal,
  Page,
  Text,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { CredentialsFields } from "~/components/CredentialsForm";
import { formatDateTime, plural } from "~/components/format";
import { PluginHeading } from "~/components/PluginLogo";
import { RouteError } from "~/components/RouteError";
import { useResultToast, useToast } from "~/components/toast";
import { connectionAction, connectionData } from "~/lib/admin/fulfillers.server";
import { shopifyAdminPage } from "~/lib/admin/page.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.connection.title ?? "Fulfiller"} · Consign` }];

export const loader = async ({ request, params }: LoaderFunctionArgs) =>
  connectionData(await shopifyAdminPage(request), params.id);

export const action = async ({ request, params }: ActionFunctionArgs) =>
  connectionAction(await shopifyAdminPage(request), params.id, request);

export default function ConnectionPage() {
  const { connection, entry } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const toast = useToast();
  const defaults = useFetcher<typeof action>();
  const deactivate = useFetcher<typeof action>();
  const test = useFetcher<typeof action>();
  const credentials = useFetcher<typeof action>();
  // Without JavaScript the forms post as documents: their answer is the page's action data.
  const posted = useActionData<typeof action>();
  const [confirming, setConfirming] = useState(false);
  const [replacing, setReplacing] = useState(false);
  useResultToast(defaults.state === "idle" ? defaults.data : null);
  useResultToast(deactivate.state === "idle" ? deactivate.data : null);
  useResultToast(credentials.state === "idle" ? credentials.data : null);

  const announced = useRef(false);
  useEffect(() => {
    if (announced.current || params.get("activated") !== "1") return;
    announced.current = true;
    toast(`${connection.title} is active`);
    const next = new URLSearchParams(params);
    next.delete("activated");
    setParams(next, { replace: true, preventScrollReset: true });
  }, [params, setParams, toast, connection.title]);

  useEffect(() => {
    if (credentials.state === "idle" && credentials.data?.ok) setReplacing(false);
  }, [credentials.state, credentials.data]);
  useEffect(() => {
    if (deactivate.state === "idle" && deactivate.data) setConfirming(false);
  }, [deactivate.state, deactivate.data]);

  const webhookWarning = params.get("webhooks");
  const testResult = test.data ?? posted;
  const testAnswer = test.state === "idle" && testResult && "test" in testResult ? testResult : null;
  const credentialResult = credentials.data ?? posted;
  const credentialErrors = credentialResult && !credentialResult.ok && "kind" in credentialResult ? credentialResult : null;
  const otherFailure = posted && !posted.ok && "kind" in posted && posted.kind !== "invalid" && posted.kind !== "rejected" ? posted : null;
  const submitDefault = (intent: "default" | "clear-default") => defaults.submit({ intent }, { method: "post" });

  return (
    <Page
      title={connection.title}
      titleMetadata={
        <InlineStack gap="100">
          {connection.active ? <Badge tone="success">Active</Badge> : <Badge>Deactivated</Badge>}
          {connection.isDefault ? <Badge tone="info">All products</Badge> : null}
        </InlineStack>
      }
      subtitle={entry ? `${entry.title} · ${entry.mode === "push" ? "we send orders to it" : "it fetches orders from us"}` : connection.kind}
      backAction={{ content: "Fulfillers", url: "/app/fulfillers" }}
      primaryAction={
        connection.active && connection.mode === "push"
          ? {
              content: "Send a test order",
              loading: test.state !== "idle",
              onAction: () => test.submit({ intent: "test" }, { method: "post" }),
            }
          : connection.mode === "pull"
            ? // A pull-type house calls our API: its keys, calls and the OpenAPI document live there.
              { content: "API keys and calls", url: `/app/connections/${connection.id}/api` }
            : undefined
      }
      secondaryActions={
        connection.active
          ? [
              connection.isDefault
                ? { content: "Stop assigning all products", onAction: () => submitDefault("clear-default"), loading: defaults.state !== "idle" }
                : { content: "Assign to all products", onAction: () => submitDefault("default"), loading: defaults.state !== "idle" },
              { content: "Deactivate", destructive: true, onAction: () => setConfirming(true) },
            ]
          : []
      }
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {webhookWarning ? (
              <Banner tone="warning" title="Webhooks are not set up" onDismiss={() => setParams({}, { replace: true })}>
                <p>{webhookWarning}</p>
              </Banner>
            ) : null}
            {otherFailure ? (
              <Banner tone="critical" title="Nothing was changed">
                <p>{otherFailure.message}</p>
              </Banner>
            ) : null}
            {testAnswer ? (
              <Banner
                tone={testAnswer.ok ? "success" : "critical"}
                title={testAnswer.ok ? "The test order was accepted" : "The test order was refused"}
              >
                <p data-testid="test-order-answer">{testAnswer.message}</p>
              </Banner>
            ) : null}
            {!connection.active ? (
              <Banner tone="info" title="This fulfiller is deactivated">
                <p>No new orders go to it. Its earlier fulfillments are still listed and synced.</p>
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Credentials
                  </Text>
                  {connection.active && entry && entry.fields.length > 0 && !replacing ? (
                    <Button onClick={() => setReplacing(true)}>Replace credentials</Button>
                  ) : null}
                </InlineStack>
                {connection.credentialsError ? (
                  <Banner tone="critical" title="The stored credentials cannot be opened">
                    <p>{connection.credentialsError}. Enter them again.</p>
                  </Banner>
                ) : null}
                {(replacing || credentialErrors) && entry ? (
                  <credentials.Form method="post">
                    <input type="hidden" name="intent" value="credentials" />
                    <BlockStack gap="300">
                      {credentialErrors && credentialErrors.kind !== "invalid" ? (
                        <Banner tone={credentialErrors.kind === "unavailable" ? "warning" : "critical"} title="Nothing was saved">
                          <p>{credentialErrors.message}</p>
                        </Banner>
                      ) : null}
                      <CredentialsFields
                        fields={entry.fields}
                        errors={credentialErrors?.fieldErrors ?? {}}
                        disabled={credentials.state !== "idle"}
                        placeholders={Object.fromEntries(connection.credentials.map((c) => [c.name, c.masked]))}
                      />
                      <InlineStack gap="200" align="end">
                        <Button onClick={() => setReplacing(false)}>Cancel</Button>
                        <Button submit variant="primary" loading={credentials.state !== "idle"}>
                          Check and save
                        </Button>
                      </InlineStack>
                    </BlockStack>
                  </credentials.Form>
                ) : connection.credentials.length > 0 ? (
                  <DescriptionList
                    items={connection.credentials.map((c) => ({ term: c.label, description: c.masked || "—" }))}
                  />
                ) : (
                  <Text as="p" tone="subdued">
                    No credentials.
                  </Text>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              {entry ? <PluginHeading logo={entry.logo} title={entry.title} size={32} /> : null}
              <Facts
                items={[
                  ["Products", connection.isDefault ? "All products without their own assignment" : plural(connection.assignedProducts, "product")],
                  ["Activated", formatDateTime(connection.createdAt)],
                  ["Last sync", connection.lastSyncAt ? formatDateTime(connection.lastSyncAt) : "Never"],
                  ...(connection.deactivatedAt ? [["Deactivated", formatDateTime(connection.deactivatedAt)] as [string, string]] : []),
                ]}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Deactivate ${connection.title}?`}
        primaryAction={{
          content: "Deactivate",
          destructive: true,
          loading: deactivate.state !== "idle",
          onAction: () => deactivate.submit({ intent: "deactivate" }, { method: "post" }),
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirming(false) }]}
      >
        <Modal.Section>
          <Text as="p">
            No new orders will go to it. Orders it already has stay listed and keep syncing until they ship. Products assigned to it
            will be unassigned in effect until you assign them elsewhere.
          </Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

/** Label and value pairs for a narrow column (DescriptionList breaks its terms there). */
function Facts({ items }: { items: [string, string][] }) {
  return (
    <BlockStack gap="200">
      {items.map(([label, value]) => (
        <BlockStack gap="050" key={label}>
          <Text as="span" tone="subdued" variant="bodySm">
            {label}
          </Text>
          <Text as="span">{value}</Text>
        </BlockStack>
      ))}
    </BlockStack>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Fulfiller" backUrl="/app/fulfillers" />;
}
