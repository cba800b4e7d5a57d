// Activate a fulfiller (BigDesign view of app/lib/admin/fulfillers.server.ts): the plugin's
// credentials form, checked live at the fulfiller on Create; a field error shows under its field,
// a refusal or an unreachable fulfiller as a message; in both cases nothing is saved.
import { Box, Button, Flex, FormGroup, Grid, H3, Input, Message, Panel, Text } from "@bigcommerce/big-design";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CredentialsInputs } from "~/components/bc/CredentialsInputs";
import { PageHeader } from "~/components/bc/PageHeader";
import { BcRouteError } from "~/components/bc/RouteError";
import { PluginLogo } from "~/components/bc/PluginLogo";
import { BcLink, useBcAction } from "~/components/bc/session";
import { activateFulfillerAction, fulfillerKindData } from "~/lib/admin/fulfillers.server";
import { bigCommerceAdminPage } from "~/lib/bc-auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Activate ${data?.entry.title ?? "a fulfiller"} · Consign` }];

export const loader = async ({ request, params }: LoaderFunctionArgs) => fulfillerKindData(await bigCommerceAdminPage(request), params.kind);

export const action = async ({ request, params }: ActionFunctionArgs) =>
  activateFulfillerAction(await bigCommerceAdminPage(request), params.kind, request);

export default function ActivateFulfiller() {
  const { entry } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const formAction = useBcAction();
  const submitting = navigation.state !== "idle" && navigation.formMethod === "POST";
  const failed = result && !result.ok ? result : null;
  const errors = failed?.fieldErrors ?? {};
  const formError = failed && (failed.kind !== "invalid" || Object.keys(errors).every((k) => !k.startsWith("credentials")));

  return (
    <>
      <PageHeader title={`Activate ${entry.title}`} actions={<BcLink to="/fulfillers">Back to fulfillers</BcLink>} />
      <Grid gridColumns={{ mobile: "1fr", desktop: "2fr 1fr" }} gridGap="1rem">
        <Panel>
          <Form method="post" action={formAction} data-testid="activate-form">
            {formError ? (
              <Message
                type={failed.kind === "unavailable" ? "warning" : "error"}
                header={failed.kind === "rejected" ? `${entry.title} did not accept these credentials` : "Nothing was saved"}
                messages={[{ text: failed.message }]}
                marginBottom="medium"
              />
            ) : null}
            <FormGroup>
              <Input
                label="Name in Consign"
                name="title"
                defaultValue={entry.title}
                autoComplete="off"
                description="Shown in lists and on orders, e.g. “ShipStation – East warehouse”."
                error={errors.title}
                disabled={submitting}
              />
            </FormGroup>
            {entry.fields.length > 0 ? (
              <CredentialsInputs fields={entry.fields} errors={errors} disabled={submitting} />
            ) : (
              <Text>{entry.title} needs no credentials.</Text>
            )}
            <Flex justifyContent="flex-end">
              <Button type="submit" variant="primary" isLoading={submitting}>
                Create
              </Button>
            </Flex>
          </Form>
        </Panel>
        <Panel>
          <Flex alignItems="center" flexGap="0.75rem" marginBottom="small">
            <PluginLogo logo={entry.logo} />
            <H3 marginBottom="none">{entry.title}</H3>
          </Flex>
          <Text>{entry.description}</Text>
          <Box>
            <Text color="secondary60">
              Create checks the credentials with {entry.title} before anything is saved. They are stored encrypted and never shown again
              in full.
            </Text>
          </Box>
        </Panel>
      </Grid>
    </>
  );
}

export function ErrorBoundary() {
  return <BcRouteError title="Activate a fulfiller" back="/fulfillers" />;
}
