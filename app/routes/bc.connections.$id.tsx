// One fulfiller of the store (BigDesign view of app/lib/admin/fulfillers.server.ts): its masked
// credentials, "Assign to all products", "Send a test order" with the fulfiller's answer, new
// credentials (checked live like activation), and deactivation.
import { Badge, Box, Button, Flex, Grid, H3, Message, Modal, Panel, Small, Text } from "@bigcommerce/big-design";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { CredentialsInputs } from "~/components/bc/CredentialsInputs";
import { PageHeader } from "~/components/bc/PageHeader";
import { BcRouteError } from "~/components/bc/RouteError";
import { PluginLogo } from "~/components/bc/PluginLogo";
import { ResultMessage } from "~/components/bc/ResultMessage";
import { BcLink, useBcAction } from "~/components/bc/session";
import { formatDateTime, plural } from "~/components/format";
import { connectionAction, connectionData } from "~/lib/admin/fulfillers.server";
import { bigCommerceAdminPage } from "~/lib/bc-auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.connection.title ?? "Fulfiller"} · Consign` }];

export const loader = async ({ request, params }: LoaderFunctionArgs) => connectionData(await bigCommerceAdminPage(request), params.id);

export const action = async ({ request, params }: ActionFunctionArgs) =>
  connectionAction(await bigCommerceAdminPage(request), params.id, request);

function Detail({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <Box marginBottom="small">
      <Small marginBottom="none">{term}</Small>
      <Text marginBottom="none">{children}</Text>
    </Box>
  );
}

export default function ConnectionPage() {
  const { connection, entry } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const formAction = useBcAction();
  const defaults = useFetcher<typeof action>();
  const deactivate = useFetcher<typeof action>();
  const test = useFetcher<typeof action>();
  const credentials = useFetcher<typeof action>();
  const [confirming, setConfirming] = useState(false);
  const [replacing, setReplacing] = useState(false);

  useEffect(() => {
    if (credentials.state === "idle" && credentials.data?.ok) setReplacing(false);
  }, [credentials.state, credentials.data]);
  useEffect(() => {
    if (deactivate.state === "idle" && deactivate.data) setConfirming(false);
  }, [deactivate.state, deactivate.data]);

  const post = (fetcher: typeof defaults, intent: string) => fetcher.submit({ intent }, { method: "post", action: formAction });
  const credentialFailure = credentials.state === "idle" && credentials.data && !credentials.data.ok && "kind" in credentials.data ? credentials.data : null;
  const testAnswer = test.state === "idle" && test.data && "test" in test.data ? test.data : null;
  const webhookWarning = params.get("webhooks");

  return (
    <>
      <PageHeader
        title={connection.title}
        badge={
          <Flex flexGap="0.25rem">
            {connection.active ? <Badge label="Active" variant="success" /> : <Badge label="Deactivated" variant="secondary" />}
            {connection.isDefault ? <Badge label="All products" variant="primary" /> : null}
          </Flex>
        }
        description={entry ? `${entry.title} · ${entry.mode === "push" ? "we send orders to it" : "it fetches orders from us"}` : connection.kind}
        actions={
          connection.active ? (
            <>
              {connection.mode === "push" ? (
                <Button variant="primary" isLoading={test.state !== "idle"} onClick={() => post(test, "test")}>
                  Send a test order
                </Button>
              ) : null}
              <Button
                variant="secondary"
                isLoading={defaults.state !== "idle"}
                onClick={() => post(defaults, connection.isDefault ? "clear-default" : "default")}
              >
                {connection.isDefault ? "Stop assigning all products" : "Assign to all products"}
              </Button>
              <Button variant="subtle" actionType="destructive" onClick={() => setConfirming(true)}>
                Deactivate
              </Button>
            </>
          ) : (
            <BcLink to="/fulfillers">Back to fulfillers</BcLink>
          )
        }
      />
      {params.get("activated") === "1" ? <ResultMessage result={{ ok: true, message: `${connection.title} is active.` }} /> : null}
      {webhookWarning ? <Message type="warning" header="Webhooks are not set up" messages={[{ text: webhookWarning }]} marginBottom="medium" /> : null}
      <ResultMessage result={defaults.state === "idle" ? defaults.data : null} />
      <ResultMessage result={deactivate.state === "idle" ? deactivate.data : null} />
      <ResultMessage result={credentials.state === "idle" && credentials.data?.ok ? credentials.data : null} />
      {testAnswer ? (
        <Message
          type={testAnswer.ok ? "success" : "error"}
          header={testAnswer.ok ? "The test order was accepted" : "The test order was refused"}
          messages={[{ text: testAnswer.message }]}
          marginBottom="medium"
          data-testid="test-order-answer"
        />
      ) : null}
      {!connection.active ? (
        <Message type="info" header="This fulfiller is deactivated" messages={[{ text: "No new orders go to it. Its earlier fulfillments are still listed and synced." }]} marginBottom="medium" />
      ) : null}
      <Grid gridColumns={{ mobile: "1fr", desktop: "2fr 1fr" }} gridGap="1rem">
        <Panel
          header="Credentials"
          action={
            connection.active && entry && entry.fields.length > 0 && !replacing
              ? { text: "Replace credentials", variant: "secondary", onClick: () => setReplacing(true) }
              : undefined
          }
        >
          {connection.credentialsError ? (
            <Message type="error" header="The stored credentials cannot be opened" messages={[{ text: `${connection.credentialsError}. Enter them again.` }]} marginBottom="medium" />
          ) : null}
          {(replacing || credentialFailure) && entry ? (
            <credentials.Form method="post" action={formAction}>
              <input type="hidden" name="intent" value="credentials" />
              {credentialFailure && credentialFailure.kind !== "invalid" ? (
                <Message type={credentialFailure.kind === "unavailable" ? "warning" : "error"} header="Nothing was saved" messages={[{ text: credentialFailure.message }]} marginBottom="medium" />
              ) : null}
              <CredentialsInputs
                fields={entry.fields}
                errors={credentialFailure?.fieldErrors ?? {}}
                disabled={credentials.state !== "idle"}
                placeholders={Object.fromEntries(connection.credentials.map((c) => [c.name, c.masked]))}
              />
              <Flex justifyContent="flex-end" flexGap="0.5rem">
                <Button type="button" variant="subtle" onClick={() => setReplacing(false)}>
                  Cancel
                </Button>
                <Button type="submit" variant="primary" isLoading={credentials.state !== "idle"}>
                  Check and save
                </Button>
              </Flex>
            </credentials.Form>
          ) : connection.credentials.length > 0 ? (
            connection.credentials.map((c) => (
              <Detail key={c.name} term={c.label}>
                {c.masked || "—"}
              </Detail>
            ))
          ) : (
            <Text>No credentials.</Text>
          )}
        </Panel>
        <Panel>
          {entry ? (
            <Flex alignItems="center" flexGap="0.75rem" marginBottom="medium">
              <PluginLogo logo={entry.logo} size={32} />
              <H3 marginBottom="none">{entry.title}</H3>
            </Flex>
          ) : null}
          <Detail term="Products">{connection.isDefault ? "All products without their own assignment" : plural(connection.assignedProducts, "product")}</Detail>
          <Detail term="Activated">{formatDateTime(connection.createdAt)}</Detail>
          <Detail term="Last sync">{connection.lastSyncAt ? formatDateTime(connection.lastSyncAt) : "Never"}</Detail>
          {connection.deactivatedAt ? <Detail term="Deactivated">{formatDateTime(connection.deactivatedAt)}</Detail> : null}
        </Panel>
      </Grid>
      <Modal
        isOpen={confirming}
        header={`Deactivate ${connection.title}?`}
        onClose={() => setConfirming(false)}
        closeOnEscKey
        actions={[
          { text: "Cancel", variant: "subtle", onClick: () => setConfirming(false) },
          {
            text: "Deactivate",
            actionType: "destructive",
            isLoading: deactivate.state !== "idle",
            onClick: () => post(deactivate, "deactivate"),
          },
        ]}
      >
        <Text>
          No new orders go to it. Its open fulfillments stay listed and keep syncing until they are done. Products assigned to it go back to
          the default.
        </Text>
      </Modal>
    </>
  );
}

export function ErrorBoundary() {
  return <BcRouteError title="Fulfiller" back="/fulfillers" />;
}
