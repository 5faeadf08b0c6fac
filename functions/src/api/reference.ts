type Operation = {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, { description?: string }>;
};
type Document = {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
};

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  );

const schemaName = (value: unknown): string | undefined => {
  const ref = JSON.stringify(value ?? null).match(/#\/components\/schemas\/([A-Za-z0-9_]+)/);
  return ref?.[1];
};

/**
 * A readable API reference, rendered from the same OpenAPI document the API
 * serves. Plain HTML with no script: it works offline and in Lambda alike.
 */
export function renderReference(doc: Document): string {
  const byTag = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const tag = op.tags?.[0] ?? "Other";
      const body = schemaName(op.requestBody);
      const responses = Object.entries(op.responses ?? {})
        .map(
          ([status, r]) =>
            `<li><code>${status}</code> ${escapeHtml(r.description ?? "")}${schemaName(r) ? ` — <a href="#schema-${schemaName(r)}">${schemaName(r)}</a>` : ""}</li>`,
        )
        .join("");
      const entry = `<article><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code>${op.security?.length ? ' <span class="lock">🔒 bearer</span>' : ""}</h3><p>${escapeHtml(op.summary ?? "")}</p>${body ? `<p>Body: <a href="#schema-${body}">${body}</a></p>` : ""}<ul>${responses}</ul></article>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), entry]);
    }
  }
  const sections = [...byTag]
    .map(([tag, entries]) => `<section><h2>${escapeHtml(tag)}</h2>${entries.join("")}</section>`)
    .join("");
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(
      ([name, schema]) =>
        `<details id="schema-${name}"><summary>${name}</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`,
    )
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(doc.info.title)} reference</title><style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:900px;padding:16px;color:#1f2937}
h1{font-size:22px}h2{border-bottom:1px solid #e5e7eb;padding-top:12px}h3{font-size:15px;margin:12px 0 4px;word-break:break-all}
article{padding:8px 0;border-bottom:1px dashed #e5e7eb}.m{display:inline-block;min-width:56px;padding:1px 6px;border-radius:4px;color:#fff;font-size:12px;text-align:center}
.get{background:#2563eb}.post{background:#16a34a}.patch{background:#d97706}.delete{background:#dc2626}.put{background:#7c3aed}.lock{font-size:12px;color:#6b7280}
pre{background:#f3f4f6;padding:8px;overflow:auto;font-size:12px}summary{cursor:pointer;padding:4px 0}
</style></head><body><h1>${escapeHtml(doc.info.title)} <small>${escapeHtml(doc.info.version)}</small></h1><p>${escapeHtml(doc.info.description ?? "")}</p><p>Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI 3.1). Errors are <code>application/problem+json</code> (RFC 9457).</p>${sections}<section><h2>Schemas</h2>${schemas}</section></body></html>`;
}
