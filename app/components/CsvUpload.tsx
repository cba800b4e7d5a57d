// A CSV upload in a modal: pick or drop a file, watch it upload (a real progress bar from the
// request's upload events), then read what happened to each row. A file with a bad row changes
// nothing: the report then lists every row's problem instead.
import { useRevalidator } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  DataTable,
  DropZone,
  InlineStack,
  Modal,
  ProgressBar,
  Text,
  Thumbnail,
} from "@shopify/polaris";
import { NoteIcon } from "@shopify/polaris-icons";
import { type ReactNode, useCallback, useState } from "react";
import { useToast } from "./toast";

/** What an upload route answers (app/routes/app.fulfillments.import.tsx and .returns.tsx). */
export type CsvReport =
  | { ok: true; message: string; rows: { row: number; order: string; outcome: string; detail: string }[] }
  | { ok: false; message: string; errors: { row: number; column: string | null; message: string }[] };

type Phase =
  | { name: "idle" }
  | { name: "uploading"; percent: number }
  | { name: "processing" }
  | { name: "done"; report: CsvReport }
  | { name: "failed"; message: string };

interface AppBridgeIdToken {
  idToken?: () => Promise<string>;
}

/** POSTs the file with XMLHttpRequest, which reports upload progress (fetch does not). */
async function upload(url: string, file: File, onProgress: (percent: number) => void): Promise<CsvReport> {
  const bridge = (window as unknown as { shopify?: AppBridgeIdToken }).shopify;
  // Inside the Shopify admin, App Bridge adds the session token to fetch, not to XHR: add it here.
  const token = bridge?.idToken ? await bridge.idToken() : null;
  const body = new FormData();
  body.append("file", file);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.responseType = "json";
    xhr.setRequestHeader("Accept", "application/json");
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      const report = xhr.response as CsvReport | null;
      if (report && typeof report === "object" && "ok" in report) resolve(report);
      else reject(new Error(`The upload failed (HTTP ${xhr.status}).`));
    };
    xhr.onerror = () => reject(new Error("The upload did not reach the server. Check the connection and try again."));
    xhr.send(body);
  });
}

export interface CsvUploadProps {
  open: boolean;
  onClose(): void;
  title: string;
  /** the route that takes the file */
  url: string;
  /** what the file must contain */
  help: ReactNode;
  /** label of the action that starts the upload */
  actionLabel: string;
}

export function CsvUpload({ open, onClose, title, url, help, actionLabel }: CsvUploadProps) {
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ name: "idle" });
  const revalidator = useRevalidator();
  const toast = useToast();

  const reset = useCallback(() => {
    setFile(null);
    setPhase({ name: "idle" });
  }, []);
  const close = () => {
    if (phase.name === "done" && phase.report.ok) revalidator.revalidate();
    reset();
    onClose();
  };
  const start = async () => {
    if (!file) return;
    setPhase({ name: "uploading", percent: 0 });
    try {
      const report = await upload(url, file, (percent) =>
        setPhase(percent >= 100 ? { name: "processing" } : { name: "uploading", percent }),
      );
      setPhase({ name: "done", report });
      toast(report.message, { isError: !report.ok });
    } catch (error) {
      setPhase({ name: "failed", message: error instanceof Error ? error.message : String(error) });
    }
  };

  const busy = phase.name === "uploading" || phase.name === "processing";
  const done = phase.name === "done";
  return (
    <Modal
      open={open}
      onClose={close}
      title={title}
      primaryAction={
        done
          ? { content: "Done", onAction: close }
          : { content: actionLabel, onAction: start, disabled: !file || busy, loading: busy }
      }
      secondaryActions={done ? [{ content: "Upload another file", onAction: reset }] : [{ content: "Cancel", onAction: close, disabled: busy }]}
    >
      <Modal.Section>
        <BlockStack gap="400">
          {phase.name === "idle" || phase.name === "failed" ? (
            <>
              {help}
              <DropZone
                accept=".csv,text/csv"
                type="file"
                allowMultiple={false}
                onDrop={(_all, accepted) => setFile(accepted[0] ?? null)}
                label="CSV file"
                labelHidden
              >
                {file ? (
                  <InlineStack gap="200" blockAlign="center" align="center">
                    <Thumbnail size="small" alt="" source={NoteIcon} />
                    <Text as="span">
                      {file.name} ({Math.max(1, Math.round(file.size / 1024))} KB)
                    </Text>
                  </InlineStack>
                ) : (
                  <DropZone.FileUpload actionHint="Accepts .csv" />
                )}
              </DropZone>
            </>
          ) : null}
          {phase.name === "failed" ? <Banner tone="critical" title={phase.message} /> : null}
          {busy ? (
            <BlockStack gap="200">
              <Text as="p">{phase.name === "processing" ? "Checking every row…" : `Uploading ${file?.name ?? ""}…`}</Text>
              <ProgressBar progress={phase.name === "processing" ? 100 : phase.percent} animated size="small" />
            </BlockStack>
          ) : null}
          {phase.name === "done" ? <Report report={phase.report} /> : null}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

function Report({ report }: { report: CsvReport }) {
  if (!report.ok) {
    return (
      <BlockStack gap="300">
        <Banner tone="critical" title={report.message}>
          <p>Nothing was changed. Fix these rows and upload the whole file again.</p>
        </Banner>
        <DataTable
          columnContentTypes={["numeric", "text", "text"]}
          headings={["Row", "Column", "Problem"]}
          rows={report.errors.map((e) => [e.row === 0 ? "File" : e.row, e.column ?? "—", e.message])}
          increasedTableDensity
        />
      </BlockStack>
    );
  }
  return (
    <BlockStack gap="300">
      <Banner tone="success" title={report.message} />
      <DataTable
        columnContentTypes={["numeric", "text", "text", "text"]}
        headings={["Row", "Order", "Outcome", "Detail"]}
        rows={report.rows.map((r) => [r.row, r.order, r.outcome, r.detail])}
        increasedTableDensity
      />
    </BlockStack>
  );
}
