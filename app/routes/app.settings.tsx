// Settings: when held orders are sent (schedule and delay), carrier tracking, shipping at
// label-created, customer notifications.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineGrid,
  InlineStack,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { formatDateTime } from "~/components/format";
import { RouteError } from "~/components/RouteError";
import { useResultToast } from "~/components/toast";
import { shopifyAdminPage } from "~/lib/admin/page.server";
import { settingsAction, settingsData } from "~/lib/admin/settings.server";

export const meta: MetaFunction = () => [{ title: "Settings · Consign" }];

export const loader = async ({ request }: LoaderFunctionArgs) => settingsData(await shopifyAdminPage(request));

export const action = async ({ request }: ActionFunctionArgs) => settingsAction(await shopifyAdminPage(request), request);

const PRESETS = [
  { label: "Every hour", value: "0 * * * *" },
  { label: "Every 15 minutes", value: "*/15 * * * *" },
  { label: "Twice a day", value: "0 9,15 * * *" },
  { label: "Weekdays at 9:00", value: "0 9 * * 1-5" },
];

export default function Settings() {
  const { settings, nextHoldRun } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  useResultToast(navigation.state === "idle" ? result : null);
  const saving = navigation.state !== "idle" && navigation.formMethod === "POST";
  const [schedule, setSchedule] = useState(settings.holdSchedule);
  const [delay, setDelay] = useState(String(settings.holdDelayMinutes));
  const [tracking, setTracking] = useState(settings.carrierTracking);
  const [labelCreated, setLabelCreated] = useState(settings.shipOnLabelCreated);
  const [notify, setNotify] = useState(settings.notifyCustomers);
  useEffect(() => {
    setSchedule(settings.holdSchedule);
    setDelay(String(settings.holdDelayMinutes));
  }, [settings.holdSchedule, settings.holdDelayMinutes]);
  const errors = result && !result.ok ? result.fieldErrors : {};
  const dirty =
    schedule !== settings.holdSchedule ||
    delay !== String(settings.holdDelayMinutes) ||
    tracking !== settings.carrierTracking ||
    labelCreated !== settings.shipOnLabelCreated ||
    notify !== settings.notifyCustomers;

  return (
    <Page title="Settings">
      <Form method="post" data-testid="settings-form">
        <BlockStack gap="500">
          {result && !result.ok ? (
            <Banner tone="critical" title="The settings were not saved">
              <p>{result.message}</p>
            </Banner>
          ) : null}
          <InlineGrid columns={{ xs: 1, md: ["oneThird", "twoThirds"] }} gap="400">
            <Box paddingBlockStart="200">
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Sending held orders
                </Text>
                <Text as="p" tone="subdued">
                  New orders wait in Hold, then go to their fulfillers on this schedule (a cron expression in UTC).
                </Text>
              </BlockStack>
            </Box>
            <Card>
              <FormLayout>
                <TextField
                  label="Schedule"
                  name="holdSchedule"
                  value={schedule}
                  onChange={setSchedule}
                  autoComplete="off"
                  monospaced
                  error={errors.holdSchedule}
                  helpText={
                    nextHoldRun && schedule === settings.holdSchedule
                      ? `Next send: ${formatDateTime(nextHoldRun)}`
                      : "minute hour day-of-month month day-of-week"
                  }
                />
                <InlineStack gap="200">
                  {PRESETS.map((p) => (
                    <Button key={p.value} size="slim" pressed={schedule === p.value} onClick={() => setSchedule(p.value)}>
                      {p.label}
                    </Button>
                  ))}
                </InlineStack>
                <TextField
                  label="Hold each order at least"
                  name="holdDelayMinutes"
                  type="number"
                  min={0}
                  value={delay}
                  onChange={setDelay}
                  suffix="minutes"
                  autoComplete="off"
                  error={errors.holdDelayMinutes}
                  helpText="Time to edit or cancel an order before it goes out. 0 sends it with the next run."
                />
              </FormLayout>
            </Card>
          </InlineGrid>
          <InlineGrid columns={{ xs: 1, md: ["oneThird", "twoThirds"] }} gap="400">
            <Box paddingBlockStart="200">
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Shipping updates
                </Text>
                <Text as="p" tone="subdued">
                  How shipments move fulfillments on and what customers hear.
                </Text>
              </BlockStack>
            </Box>
            <Card>
              <FormLayout>
                <Checkbox
                  label="Carrier tracking"
                  name="carrierTracking"
                  checked={tracking}
                  onChange={setTracking}
                  helpText="Follow each parcel with its carrier: Shipped once the carrier has it, Delivered on delivery. Off: a fully covered fulfillment is Shipped at once."
                />
                <Checkbox
                  label="Count a printed label as shipped"
                  name="shipOnLabelCreated"
                  checked={labelCreated}
                  onChange={setLabelCreated}
                  helpText="Mark Shipped when the label is created, without waiting for the carrier's first scan."
                />
                <Checkbox
                  label="Notify customers"
                  name="notifyCustomers"
                  checked={notify}
                  onChange={setNotify}
                  helpText="The store emails the customer when tracking is added."
                />
              </FormLayout>
            </Card>
          </InlineGrid>
          <InlineStack align="end">
            <Button submit variant="primary" loading={saving} disabled={!dirty && !(result && !result.ok)}>
              Save
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Settings" />;
}
