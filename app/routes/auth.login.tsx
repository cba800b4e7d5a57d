// The login form for opening the app outside the Shopify admin: asks for the shop domain, then
// shopify-app-remix's login() redirects into that shop's admin to install or open the app.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import { LoginErrorType } from "@shopify/shopify-app-remix/server";
import { useState } from "react";
import { env } from "~/lib/env.server";
import { login } from "~/shopify.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

type LoginResult = Awaited<ReturnType<typeof login>>;

function loginError(result: LoginResult): string | null {
  if (result?.shop === LoginErrorType.MissingShop) return "Please enter your shop domain to log in";
  if (result?.shop === LoginErrorType.InvalidShop) return "Please enter a valid shop domain to log in";
  return null;
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  if (env().sandbox) return redirect("/app");
  return { error: loginError(await login(request)) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  if (env().sandbox) return redirect("/app");
  return { error: loginError(await login(request)) };
};

export default function Login() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const error = actionData?.error ?? loaderData?.error ?? undefined;
  return (
    <AppProvider i18n={polarisTranslations}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h2">
                Log in to Consign
              </Text>
              <TextField
                type="text"
                name="shop"
                label="Shop domain"
                helpText="example.myshopify.com"
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={error}
              />
              <Button submit>Log in</Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </AppProvider>
  );
}
