"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState, type ChangeEvent } from "react";
import { useTRPC } from "@/components/providers";
import type { Outputs } from "@/components/status/types";
import { Button, cx } from "@/components/ui";
import { Table, Td, Th } from "@/components/ui/table";
import { fieldErrorsOf } from "@/components/ui/use-message";
import { MAX_CSV_BYTES, readCsvFile } from "./csv";

type ImportResult = Outputs["catalog"]["importCsv"];

export type ImportOutcome =
  | { kind: "result"; fileName: string; encoding: string | null; result: ImportResult }
  | { kind: "error"; fileName: string; message: string };

/** Reads a chosen file in the browser and sends its text to the all-or-nothing import; keeps the last outcome. */
export function useCatalogImport() {
  const t = useTranslations("products.import");
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const importCsv = useMutation(trpc.catalog.importCsv.mutationOptions());
  const [reading, setReading] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);

  const importFile = async (file: File) => {
    setOutcome(null);
    const fail = (message: string) => setOutcome({ kind: "error", fileName: file.name, message });
    if (file.size > MAX_CSV_BYTES) return fail(t("tooLarge"));
    if (file.size === 0) return fail(t("emptyFile"));
    setReading(true);
    let read: Awaited<ReturnType<typeof readCsvFile>>;
    try {
      read = await readCsvFile(file, locale);
    } catch {
      return fail(t("readFailed"));
    } finally {
      setReading(false);
    }
    if (!read.text.trim()) return fail(t("emptyFile"));
    try {
      const result = await importCsv.mutateAsync({ csv: read.text });
      if (result.ok) await queryClient.invalidateQueries({ queryKey: trpc.catalog.list.pathKey() });
      setOutcome({ kind: "result", fileName: file.name, encoding: read.encoding, result });
    } catch (err) {
      fail(fieldErrorsOf(err)?.csv?.includes("validation.fileTooLarge") ? t("tooLarge") : t("failed"));
    }
  };

  return {
    importFile,
    outcome,
    dismiss: () => setOutcome(null),
    phase: reading ? ("reading" as const) : importCsv.isPending ? ("sending" as const) : null,
  };
}

/** A file input dressed as a button: the label is what gets clicked, the input stays reachable by keyboard. */
export function CsvFileButton({
  onFile,
  phase,
  testId,
  variant = "primary",
}: {
  onFile: (file: File) => void;
  phase: "reading" | "sending" | null;
  testId: string;
  variant?: "primary" | "secondary";
}) {
  const t = useTranslations("products.actions");
  const busy = phase !== null;
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0];
    // Cleared so that choosing the same file again (after fixing it) starts a new import.
    e.currentTarget.value = "";
    if (file) onFile(file);
  };
  return (
    <label
      className={cx(
        "relative inline-flex cursor-pointer items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-medium transition focus-within:ring-2 focus-within:ring-brand-500",
        variant === "primary" ? "bg-brand-600 text-white hover:bg-brand-700" : "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50",
        busy && "cursor-wait opacity-60",
      )}
      data-testid={`${testId}-button`}
    >
      <input type="file" accept=".csv,text/csv" className="sr-only" data-testid={testId} disabled={busy} onChange={onChange} />
      {phase === "reading" ? t("reading") : phase === "sending" ? t("importing") : t("import")}
    </label>
  );
}


/** What the last import did: the counts, or every error by line with a plain statement that nothing was imported. */
export function ImportResultPanel({ outcome, onDismiss }: { outcome: ImportOutcome; onDismiss: () => void }) {
  const t = useTranslations("products.import");
  const dismiss = (
    <Button variant="ghost" size="sm" onClick={onDismiss} className="shrink-0" data-testid="import-dismiss">
      {t("dismiss")}
    </Button>
  );

  if (outcome.kind === "error") {
    return (
      <div role="alert" className="mb-6 flex items-start justify-between gap-3 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800" data-testid="import-result" data-ok="false">
        <div>
          <p className="font-semibold">{t("refused.title")}</p>
          <p className="mt-1">{outcome.message}</p>
        </div>
        {dismiss}
      </div>
    );
  }

  const { result, fileName, encoding } = outcome;
  const encodingNote = encoding ? <p className="mt-2 text-xs">{t("encoding", { encoding })}</p> : null;

  if (!result.ok) {
    return (
      <section className="mb-6 overflow-hidden rounded-lg border border-red-200 bg-white shadow-sm" data-testid="import-result" data-ok="false" aria-labelledby="import-refused">
        <div role="alert" className="flex items-start justify-between gap-3 bg-red-50 p-4 text-sm text-red-800">
          <div>
            <p id="import-refused" className="font-semibold">
              {t("refused.title")}
            </p>
            <p className="mt-1" data-testid="import-refused-body">
              {t("refused.body", { file: fileName, count: result.errorCount })}
            </p>
            {result.errorCount > result.errors.length ? (
              <p className="mt-1 text-xs">{t("refused.truncated", { shown: result.errors.length, count: result.errorCount })}</p>
            ) : null}
            {encodingNote}
          </div>
          {dismiss}
        </div>
        <Table>
          <thead>
            <tr>
              <Th>{t("errors.line")}</Th>
              <Th>{t("errors.column")}</Th>
              <Th>{t("errors.message")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {result.errors.map((e, i) => (
              <tr key={i} data-testid="import-error" data-line={e.line} data-column={e.column}>
                <Td valign="top" className="whitespace-nowrap tabular-nums text-slate-900">
                  {e.line === 0 ? t("errors.wholeFile") : e.line === 1 ? t("errors.header") : e.line}
                </Td>
                <Td valign="top" className="whitespace-nowrap font-mono text-xs text-slate-700">
                  {e.column || "—"}
                </Td>
                <Td valign="top" className="break-words text-slate-800">
                  {e.message}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>
    );
  }

  const unchanged = result.products.created + result.products.updated + result.variants.created + result.variants.updated + result.warehousesCreated === 0;
  return (
    <section role="status" className="mb-6 flex items-start justify-between gap-3 rounded-lg border border-green-200 bg-green-50 p-4 text-sm text-green-900" data-testid="import-result" data-ok="true">
      <div>
        <p className="font-semibold">{t("done.title")}</p>
        <p className="mt-1">{t("done.body", { file: fileName, rows: result.rows })}</p>
        {unchanged ? (
          <p className="mt-1">{t("done.unchanged")}</p>
        ) : (
          <ul className="mt-2 space-y-0.5" data-testid="import-counts">
            <li>{t("done.products", { created: result.products.created, updated: result.products.updated })}</li>
            <li>{t("done.variants", { created: result.variants.created, updated: result.variants.updated })}</li>
            <li>{t("done.warehouses", { count: result.warehousesCreated })}</li>
          </ul>
        )}
        {encodingNote}
      </div>
      {dismiss}
    </section>
  );
}
