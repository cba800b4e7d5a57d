// Notifications and webhooks: turn each customer notification on or off, edit and preview its
// template, see what was sent; manage the outgoing webhook subscriptions and read their delivery log.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  DataTable,
  Divider,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { type ReactNode, useEffect, useState } from "react";
import { formatDateTime, humanize } from "~/components/format";
import { RouteError } from "~/components/RouteError";
import { useResultToast } from "~/components/toast";
import { notificationsAction, notificationsData } from "~/lib/admin/notifications.server";
import { shopifyAdminPage } from "~/lib/admin/page.server";

export const meta: MetaFunction = () => [{ title: "Notifications · Consign" }];

export const loader = async ({ request }: LoaderFunctionArgs) => notificationsData(await shopifyAdminPage(request));

export const action = async ({ request }: ActionFunctionArgs) => notificationsAction(await shopifyAdminPage(request), request);

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Template = Data["templates"][number];
type Subscription = Data["subscriptions"][number];
type Result = ReturnType<typeof useActionData<typeof action>>;

interface Preview {
  ok: boolean;
  subject?: string;
  html?: string;
  problems?: { field: string; message: string }[];
}

/** What the last action said about one kind (its preview, or its field errors). */
function resultFor(result: Result, kind: string): { preview: Preview | null; errors: Record<string, string> } {
  if (!result) return { preview: null, errors: {} };
  if (!result.ok) return { preview: null, errors: result.fieldErrors };
  const r = "result" in result ? (result.result as { kind?: string; preview?: Preview } | undefined) : undefined;
  return { preview: r?.kind === kind && r.preview ? r.preview : null, errors: {} };
}

const STATE_TONE: Record<string, "success" | "critical" | "attention" | "info" | undefined> = {
  SENT: "success",
  SENT_VIA_PLATFORM: "success",
  DELIVERED: "success",
  FAILED: "critical",
  SKIPPED: "attention",
  PENDING: "info",
  IN_FLIGHT: "info",
};

function StateBadge({ state }: { state: string }) {
  return <Badge tone={STATE_TONE[state]}>{state === "SENT_VIA_PLATFORM" ? "Sent via platform" : humanize(state)}</Badge>;
}

function LogTable({ types, headings, rows, empty }: {
  types: ("text" | "numeric")[];
  headings: string[];
  rows: ReactNode[][];
  empty: string;
}) {
  if (rows.length === 0) {
    return (
      <Text as="p" tone="subdued">
        {empty}
      </Text>
    );
  }
  return <DataTable columnContentTypes={types} headings={headings} rows={rows} />;
}

function TemplateCard({ template, placeholders, platformSendsTracking, result, busy }: {
  template: Template;
  placeholders: string[];
  platformSendsTracking: boolean;
  result: Result;
  busy: boolean;
}) {
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [enabled, setEnabled] = useState(template.enabled);
  useEffect(() => {
    setSubject(template.subject);
    setBody(template.body);
    setEnabled(template.enabled);
  }, [template.subject, template.body, template.enabled]);
  const submit = useSubmit();
  const send = (intent: "template" | "preview" | "reset") =>
    submit({ intent, kind: template.kind, enabled: String(enabled), subject, body }, { method: "post" });
  const { preview, errors } = resultFor(result, template.kind);
  const problems = preview && !preview.ok ? (preview.problems ?? []) : [];
  const fieldError = (field: string) => errors[`${template.kind}.${field}`] ?? problems.find((p) => p.field === field)?.message;

  return (
    <Card>
      <div data-testid={`template-${template.kind}`}>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <BlockStack gap="100">
              <Text as="h3" variant="headingMd">
                {template.title}
              </Text>
              <Text as="p" tone="subdued">
                {template.when}
              </Text>
            </BlockStack>
            <Badge tone={template.enabled ? "success" : undefined}>{template.enabled ? "On" : "Off"}</Badge>
          </InlineStack>
          {template.kind === "TRACKING_ASSIGNED" && platformSendsTracking ? (
            <Banner tone="info">
              <p>
                Shopify sends its own shipping confirmation with the tracking number (Notify customers is on in Settings), so
                this one is recorded as sent via Shopify and not emailed again.
              </p>
            </Banner>
          ) : null}
          <FormLayout>
            <Checkbox label="Send this notification" checked={enabled} onChange={setEnabled} />
            <TextField label="Subject" value={subject} onChange={setSubject} autoComplete="off" error={fieldError("subject")} />
            <TextField
              label="Message (HTML)"
              value={body}
              onChange={setBody}
              multiline={6}
              monospaced
              autoComplete="off"
              error={fieldError("body")}
              helpText={`Placeholders: ${placeholders.map((p) => `{{${p}}}`).join(" ")}`}
            />
          </FormLayout>
          <InlineStack gap="200" align="end">
            <Button onClick={() => send("reset")} disabled={!template.custom || busy}>
              Restore default
            </Button>
            <Button onClick={() => send("preview")} disabled={busy}>
              Preview
            </Button>
            <Button onClick={() => send("template")} variant="primary" loading={busy}>
              Save
            </Button>
          </InlineStack>
          {preview?.ok ? (
            <Box padding="300" background="bg-surface-secondary" borderRadius="200">
              <BlockStack gap="200">
                <Text as="p" variant="headingSm">
                  {preview.subject}
                </Text>
                {/* The rendered message, isolated: no scripts, no access to this page. */}
                <iframe title={`Preview of ${template.title}`} sandbox="" srcDoc={preview.html} style={{ width: "100%", minHeight: 200, border: 0, background: "white" }} />
              </BlockStack>
            </Box>
          ) : null}
        </BlockStack>
      </div>
    </Card>
  );
}

function SubscriptionCard({ subscription, busy }: { subscription: Subscription; busy: boolean }) {
  const rows = subscription.deliveries.map((d) => [
    humanize(d.event),
    <StateBadge key="state" state={d.state} />,
    String(d.attempts),
    d.lastStatus === null ? "—" : String(d.lastStatus),
    d.lastError ?? (d.nextAttemptAt ? `next try ${formatDateTime(d.nextAttemptAt)}` : "—"),
    formatDateTime(d.createdAt),
    d.state === "FAILED" ? (
      <Form method="post" key="retry">
        <input type="hidden" name="intent" value="retry" />
        <input type="hidden" name="deliveryId" value={d.id} />
        <Button submit size="slim" disabled={busy}>
          Send again
        </Button>
      </Form>
    ) : (
      ""
    ),
  ]);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <BlockStack gap="100">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h3" variant="headingSm" breakWord>
                {subscription.url}
              </Text>
              {subscription.failing ? <Badge tone="critical">Failing</Badge> : <Badge tone="success">Healthy</Badge>}
            </InlineStack>
            <Text as="p" tone="subdued">
              {subscription.events.map(humanize).join(", ")} · {subscription.counts.delivered} delivered, {subscription.counts.pending} waiting,{" "}
              {subscription.counts.failed} failed
              {subscription.failingSince ? ` · failing since ${formatDateTime(subscription.failingSince)}` : ""}
            </Text>
          </BlockStack>
          <Form method="post">
            <input type="hidden" name="intent" value="unsubscribe" />
            <input type="hidden" name="subscriptionId" value={subscription.id} />
            <Button submit tone="critical" variant="plain" disabled={busy}>
              Remove
            </Button>
          </Form>
        </InlineStack>
        <LogTable
          types={["text", "text", "numeric", "numeric", "text", "text", "text"]}
          headings={["Event", "State", "Attempts", "HTTP", "Last error", "Created", ""]}
          rows={rows}
          empty="No deliveries yet."
        />
      </BlockStack>
    </Card>
  );
}

export default function Notifications() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  useResultToast(navigation.state === "idle" ? result : null);
  const busy = navigation.state !== "idle";
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>(["SHIPPED", "DELIVERED"]);
  const created =
    result?.ok && "result" in result ? (result.result as { secret?: string; subscriptionId?: string } | undefined) : undefined;
  const errors = result && !result.ok ? result.fieldErrors : {};
  useEffect(() => {
    if (created?.secret) setUrl("");
  }, [created?.secret]);
  const submit = useSubmit();
  const subscribe = () => {
    const form = new FormData();
    form.append("intent", "subscribe");
    form.append("url", url);
    for (const e of events) form.append("events", e);
    submit(form, { method: "post" });
  };

  const sentRows = data.recent.map((n) => [
    humanize(n.kind),
    n.orderName,
    <StateBadge key="state" state={n.state} />,
    n.channel === "PLATFORM" ? "Platform" : "Email",
    n.recipient ?? "—",
    n.lastError ?? "",
    formatDateTime(n.sentAt ?? n.createdAt),
  ]);

  return (
    <Page title="Notifications and webhooks">
      <Layout>
        <Layout.AnnotatedSection
          title="Customer notifications"
          description="Each is sent once per fulfillment (or order), by email or by the store itself where it notifies customers."
        >
          <BlockStack gap="400">
            {data.templates.map((t) => (
              <TemplateCard
                key={t.kind}
                template={t}
                placeholders={data.placeholders}
                platformSendsTracking={data.platformSendsTracking}
                result={result}
                busy={busy}
              />
            ))}
          </BlockStack>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Sent lately" description="The last 50 notifications and how each went.">
          <Card>
            <LogTable
              types={["text", "text", "text", "text", "text", "text", "text"]}
              headings={["Notification", "Order", "State", "Channel", "To", "Note", "When"]}
              rows={sentRows}
              empty="Nothing sent yet."
            />
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Outgoing webhooks"
          description="Partners and fulfillers get a signed POST for each event: X-Consign-Signature is sha256=<hex HMAC-SHA256 of the raw body with the subscription's secret>."
        >
          <BlockStack gap="400">
            {created?.secret ? (
              <Banner tone="warning" title="Copy the signing secret now: it is not shown again">
                <Text as="p" fontWeight="semibold" breakWord>
                  <code data-testid="webhook-secret">{created.secret}</code>
                </Text>
              </Banner>
            ) : null}
            <Card>
              <div data-testid="subscribe-form">
                <FormLayout>
                  <TextField
                    label="Endpoint URL"
                    value={url}
                    onChange={setUrl}
                    autoComplete="off"
                    placeholder="https://partner.example.com/consign-webhooks"
                    error={errors.url}
                    helpText={data.httpAllowed ? "Sandbox: http:// is allowed." : "HTTPS only."}
                  />
                  <BlockStack gap="100">
                    <Text as="p">Events</Text>
                    {data.events.map((e) => (
                      <Checkbox
                        key={e.event}
                        label={`${humanize(e.event)} — ${e.label}`}
                        checked={events.includes(e.event)}
                        onChange={(on) => setEvents((list) => (on ? [...list, e.event] : list.filter((x) => x !== e.event)))}
                      />
                    ))}
                    {errors.events ? <Text as="p" tone="critical">{errors.events}</Text> : null}
                  </BlockStack>
                  <InlineStack align="end">
                    <Button onClick={subscribe} variant="primary" disabled={busy || url.trim() === "" || events.length === 0}>
                      Add subscription
                    </Button>
                  </InlineStack>
                </FormLayout>
              </div>
            </Card>
            {data.subscriptions.length > 0 ? <Divider /> : null}
            {data.subscriptions.map((s) => (
              <SubscriptionCard key={s.id} subscription={s} busy={busy} />
            ))}
          </BlockStack>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Notifications" />;
}
