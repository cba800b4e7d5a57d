// Settings (BigDesign view of app/lib/admin/settings.server.ts): when held orders are sent
// (schedule and delay), carrier tracking, shipping at label-created, customer notifications.
import { Button, Checkbox, Flex, FormGroup, Grid, H3, Input, Message, Panel, Text } from "@bigcommerce/big-design";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { PageHeader } from "~/components/bc/PageHeader";
import { BcRouteError } from "~/components/bc/RouteError";
import { fieldErrors, ResultMessage } from "~/components/bc/ResultMessage";
import { useBcAction } from "~/components/bc/session";
import { formatDateTime } from "~/components/format";
import { settingsAction, settingsData } from "~/lib/admin/settings.server";
import { bigCommerceAdminPage } from "~/lib/bc-auth.server";

export const meta: MetaFunction = () => [{ title: "Settings · Consign" }];

export const loader = async ({ request }: LoaderFunctionArgs) => settingsData(await bigCommerceAdminPage(request));

export const action = async ({ request }: ActionFunctionArgs) => settingsAction(await bigCommerceAdminPage(request), request);

const PRESETS = [
  { label: "Every hour", value: "0 * * * *" },
  { label: "Every 15 minutes", value: "*/15 * * * *" },
  { label: "Twice a day", value: "0 9,15 * * *" },
  { label: "Weekdays at 9:00", value: "0 9 * * 1-5" },
];

function Section({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <Grid gridColumns={{ mobile: "1fr", tablet: "1fr 2fr" }} gridGap="1rem" marginBottom="large">
      <div>
        <H3>{title}</H3>
        <Text color="secondary60">{description}</Text>
      </div>
      <Panel marginBottom="none">{children}</Panel>
    </Grid>
  );
}

export default function Settings() {
  const { settings, nextHoldRun } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const formAction = useBcAction();
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
  const errors = navigation.state === "idle" ? fieldErrors(result) : {};
  const dirty =
    schedule !== settings.holdSchedule ||
    delay !== String(settings.holdDelayMinutes) ||
    tracking !== settings.carrierTracking ||
    labelCreated !== settings.shipOnLabelCreated ||
    notify !== settings.notifyCustomers;

  return (
    <>
      <PageHeader title="Settings" />
      <Form method="post" action={formAction} data-testid="settings-form">
        {result && !result.ok ? (
          <Message type="error" header="The settings were not saved" messages={[{ text: result.message }]} marginBottom="medium" />
        ) : (
          <ResultMessage result={navigation.state === "idle" ? result : null} />
        )}
        <Section title="Sending held orders" description="New orders wait in Hold, then go to their fulfillers on this schedule (a cron expression in UTC).">
          <FormGroup>
            <Input
              label="Schedule"
              name="holdSchedule"
              value={schedule}
              onChange={(e) => setSchedule(e.target.value)}
              autoComplete="off"
              error={errors.holdSchedule}
              description={
                nextHoldRun && schedule === settings.holdSchedule ? `Next send: ${formatDateTime(nextHoldRun)}` : "minute hour day-of-month month day-of-week"
              }
            />
          </FormGroup>
          <Flex flexGap="0.5rem" flexWrap="wrap" marginBottom="medium">
            {PRESETS.map((p) => (
              <Button key={p.value} type="button" variant={schedule === p.value ? "primary" : "secondary"} aria-pressed={schedule === p.value} onClick={() => setSchedule(p.value)}>
                {p.label}
              </Button>
            ))}
          </Flex>
          <FormGroup>
            <Input
              label="Hold each order at least (minutes)"
              name="holdDelayMinutes"
              type="number"
              min={0}
              value={delay}
              onChange={(e) => setDelay(e.target.value)}
              error={errors.holdDelayMinutes}
              description="Time to edit or cancel an order before it goes out. 0 sends it with the next run."
            />
          </FormGroup>
        </Section>
        <Section title="Shipping updates" description="How shipments move fulfillments on and what customers hear.">
          <FormGroup>
            <Checkbox
              label="Carrier tracking"
              name="carrierTracking"
              checked={tracking}
              onChange={(e) => setTracking(e.target.checked)}
              description="Follow each parcel with its carrier: Shipped once the carrier has it, Delivered on delivery. Off: a fully covered fulfillment is Shipped at once."
            />
          </FormGroup>
          <FormGroup>
            <Checkbox
              label="Count a printed label as shipped"
              name="shipOnLabelCreated"
              checked={labelCreated}
              onChange={(e) => setLabelCreated(e.target.checked)}
              description="Mark Shipped when the label is created, without waiting for the carrier's first scan."
            />
          </FormGroup>
          <FormGroup>
            <Checkbox
              label="Notify customers"
              name="notifyCustomers"
              checked={notify}
              onChange={(e) => setNotify(e.target.checked)}
              description="BigCommerce emails the customer when a shipment is created (as the store's settings say)."
            />
          </FormGroup>
        </Section>
        <Flex justifyContent="flex-end">
          <Button type="submit" variant="primary" isLoading={saving} disabled={!dirty && !(result && !result.ok)}>
            Save
          </Button>
        </Flex>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <BcRouteError title="Settings" />;
}
