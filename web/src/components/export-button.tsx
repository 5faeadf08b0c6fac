import type { ExportFilter, ExportJob } from "@crm/domain";
import { useState } from "react";
import { request } from "../api";
import { useI18n } from "../i18n";
import { FormError, Meter } from "./form";

/**
 * Exports the list as it is filtered (or its customers' purchases) and saves
 * the CSV: the export runs in the background, its parts are joined here.
 */
export function ExportButton({ entity, filter }: { entity: ExportJob["entity"]; filter: ExportFilter }) {
  const { t } = useI18n();
  const [job, setJob] = useState<ExportJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  const busy = job !== null && job.status !== "done" && job.status !== "failed";

  async function exportNow() {
    setError(null);
    try {
      let { data } = await request<ExportJob>("POST", "/exports", { body: { entity, filter } });
      setJob(data);
      while (data.status === "queued" || data.status === "running") {
        await new Promise((resolve) => setTimeout(resolve, 700));
        data = (await request<ExportJob>("GET", `/exports/${data.id}`)).data;
        setJob(data);
      }
      const parts: Blob[] = [];
      for (let part = 1; part <= data.parts; part++) {
        parts.push(
          (await request<Blob>("GET", `/exports/${data.id}/file?part=${part}`, { asBlob: true })).data,
        );
      }
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob(parts, { type: "text/csv;charset=utf-8" }));
      link.download = data.fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      setJob(null);
    } catch (failure) {
      setError(failure);
      setJob(null);
    }
  }

  return (
    <>
      <button type="button" className="secondary" disabled={busy} onClick={() => void exportNow()}>
        {t(entity === "customers" ? "export.customers" : "export.transactions")}
      </button>
      {busy && <Meter value={0} max={0} label={t("export.running", { done: String(job?.done ?? 0) })} />}
      <FormError error={error} />
    </>
  );
}
