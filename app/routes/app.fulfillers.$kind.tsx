// Activate a fulfiller: the plugin's credentials form, then Create, which checks the credentials
// live at the fulfiller. A field error shows under its field; a key the fulfiller refuses, or a
// fulfiller that cannot be reached, shows as a banner; in both cases nothing is saved.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { CredentialsFields } from "~/components/CredentialsForm";
import { PluginHeading } from "~/components/PluginLogo";
import { RouteError } from "~/components/RouteError";
import { activateFulfillerAction, fulfillerKindData } from "~/lib/admin/fulfillers.server";
import { shopifyAdminPage } from "~/lib/admin/page.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Activate ${data?.entry.title ?? "a fulfiller"} · Consign` },
];

export const loader = async ({ request, params }: LoaderFunctionArgs) =>
  fulfillerKindData(await shopifyAdminPage(request), params.kind);

export const action = async ({ request, params }: ActionFunctionArgs) =>
  activateFulfillerAction(await shopifyAdminPage(request), params.kind, request);

export default function ActivateFulfiller() {
  const { entry } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && navigation.formMethod === "POST";
  const [title, setTitle] = useState(entry.title);
  const failed = result && !result.ok ? result : null;
  const fieldErrors = failed?.fieldErrors ?? {};
  const formError = failed && (failed.kind !== "invalid" || Object.keys(fieldErrors).every((k) => !k.startsWith("credentials")));

  return (
    <Page title={`Activate ${entry.title}`} backAction={{ content: "Fulfillers", url: "/app/fulfillers" }}>
      <Form method="post" data-testid="activate-form">
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {formError ? (
                <Banner
                  tone={failed.kind === "unavailable" ? "warning" : "critical"}
                  title={failed.kind === "rejected" ? `${entry.title} did not accept these credentials` : "Nothing was saved"}
                >
                  <p>{failed.message}</p>
                </Banner>
              ) : null}
              <Card>
                <BlockStack gap="400">
                  <FormLayout>
                    <TextField
                      label="Name in Consign"
                      name="title"
                      value={title}
                      onChange={setTitle}
                      autoComplete="off"
                      helpText="Shown in lists and on orders, e.g. “ShipStation – East warehouse”."
                      error={fieldErrors.title}
                      disabled={submitting}
                    />
                  </FormLayout>
                  {entry.fields.length > 0 ? (
                    <CredentialsFields fields={entry.fields} errors={fieldErrors} disabled={submitting} />
                  ) : (
                    <Text as="p" tone="subdued">
                      {entry.title} needs no credentials.
                    </Text>
                  )}
                  <InlineStack align="end">
                    <Button submit variant="primary" loading={submitting}>
                      Create
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <Card>
              <BlockStack gap="200">
                <PluginHeading logo={entry.logo} title={entry.title} />
                <Text as="p">{entry.description}</Text>
                <Text as="p" tone="subdued">
                  Create checks the credentials with {entry.title} before anything is saved. They are stored encrypted and
                  never shown again in full.
                </Text>
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Activate a fulfiller" backUrl="/app/fulfillers" />;
}
