// A CSV upload in a BigDesign modal: choose a file, send it (with the session in the URL), then
// read what happened to each row. A file with a bad row changes nothing: the report lists every
// row's problem instead. The answer is the shared CsvReport (app/lib/admin/fulfillments.server.ts).
import { Box, Message, Modal, ProgressBar, Table, Text } from "@bigcommerce/big-design";
import { useRevalidator } from "@remix-run/react";
import { useState } from "react";
import type { CsvReport } from "~/components/CsvUpload";

type Phase = { name: "idle" } | { name: "uploading" } | { name: "done"; report: CsvReport } | { name: "failed"; message: string };

function isReport(value: unknown): value is CsvReport {
  return Boolean(value && typeof value === "object" && "ok" in value && "message" in value);
}

export function CsvUploadModal({
  title,
  url,
  help,
  isOpen,
  onClose,
}: {
  title: string;
  /** the upload route's URL, with the session */
  url: string;
  help: string;
  isOpen: boolean;
  onClose(): void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ name: "idle" });
  const revalidator = useRevalidator();

  const close = () => {
    setFile(null);
    setPhase({ name: "idle" });
    onClose();
  };
  const send = async () => {
    if (!file) return;
    setPhase({ name: "uploading" });
    const body = new FormData();
    body.append("file", file);
    try {
      const res = await fetch(url, { method: "POST", body, headers: { Accept: "application/json" } });
      const answer: unknown = await res.json().catch(() => null);
      if (!isReport(answer)) throw new Error(`The upload failed (HTTP ${res.status}).`);
      setPhase({ name: "done", report: answer });
      if (answer.ok) revalidator.revalidate();
    } catch (error) {
      setPhase({ name: "failed", message: error instanceof Error ? error.message : "The upload failed." });
    }
  };

  const report = phase.name === "done" ? phase.report : null;
  return (
    <Modal
      isOpen={isOpen}
      header={title}
      onClose={close}
      closeOnEscKey
      actions={
        report
          ? [{ text: "Done", variant: "primary", onClick: close }]
          : [
              { text: "Cancel", variant: "subtle", onClick: close },
              { text: "Upload", variant: "primary", disabled: !file, isLoading: phase.name === "uploading", onClick: send },
            ]
      }
    >
      <Text>{help}</Text>
      {report ? null : (
        <Box marginBottom="medium">
          <input
            type="file"
            accept=".csv,text/csv"
            aria-label="CSV file"
            onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
          />
        </Box>
      )}
      {phase.name === "uploading" ? <ProgressBar /> : null}
      {phase.name === "failed" ? <Message type="error" messages={[{ text: phase.message }]} /> : null}
      {report ? (
        <>
          <Message type={report.ok ? "success" : "error"} messages={[{ text: report.message }]} marginBottom="medium" />
          {report.ok ? (
            <Table
              keyField="row"
              items={report.rows}
              columns={[
                { header: "Row", hash: "row", render: (r) => r.row },
                { header: "Order", hash: "order", render: (r) => r.order },
                { header: "Outcome", hash: "outcome", render: (r) => r.outcome },
                { header: "Detail", hash: "detail", render: (r) => r.detail },
              ]}
            />
          ) : (
            <Table
              keyField="key"
              items={report.errors.map((e, i) => ({ ...e, key: `${e.row}-${i}` }))}
              columns={[
                { header: "Row", hash: "row", render: (e) => e.row },
                { header: "Column", hash: "column", render: (e) => e.column ?? "—" },
                { header: "Problem", hash: "message", render: (e) => e.message },
              ]}
            />
          )}
        </>
      ) : null}
    </Modal>
  );
}
