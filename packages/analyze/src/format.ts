import type { Analysis } from "@crm/domain";

const fixed = (value: number, digits: number) => value.toFixed(digits);
const pad = (text: string, width: number) => text.padStart(width);

/** The analysis as a report: the fitted parameters, then one line per customer. */
export function formatAnalysis(analysis: Analysis): string {
  const lines: string[] = [];
  lines.push(
    `As of ${analysis.as_of}; time in ${analysis.period}s; horizon ${analysis.horizon} ${analysis.period}s; CLV discounted ${(analysis.monthly_discount * 100).toFixed(2)}% a month.`,
    `${analysis.customers_total} customers, ${analysis.repeat_buyers} with repeat purchases.`,
  );
  if (analysis.model === "fallback") {
    lines.push(`Model: fallback (${analysis.reason}): too little data for a maximum-likelihood fit.`);
  }
  if (analysis.bgnbd) {
    const { r, alpha, a, b, ll } = analysis.bgnbd;
    lines.push(
      `BG/NBD       r = ${fixed(r, 4)}  alpha = ${fixed(alpha, 4)}  a = ${fixed(a, 4)}  b = ${fixed(b, 4)}  log-likelihood = ${fixed(ll, 2)}`,
    );
  }
  if (analysis.gammagamma) {
    const { p, q, v, ll, customers } = analysis.gammagamma;
    lines.push(
      `Gamma-Gamma  p = ${fixed(p, 4)}  q = ${fixed(q, 4)}  v = ${fixed(v, 4)}  log-likelihood = ${fixed(ll, 2)}  (${customers} repeat buyers)`,
    );
  } else if (analysis.model === "bgnbd") {
    lines.push(
      "Gamma-Gamma  not fitted (too few repeat buyers, or q <= 1): average values are the customers' own.",
    );
  }
  lines.push("");
  lines.push(
    [
      "customer_id".padEnd(14),
      pad("x", 5),
      pad("t_x", 9),
      pad("T", 9),
      pad("avg value", 11),
      pad("p_alive", 8),
      pad("E[purchases]", 13),
      pad("CLV", 11),
    ].join(" "),
  );
  for (const customer of analysis.customers) {
    lines.push(
      [
        customer.customer_id.padEnd(14),
        pad(String(customer.x), 5),
        pad(fixed(customer.t_x, 2), 9),
        pad(fixed(customer.T, 2), 9),
        pad(fixed(customer.average_value, 2), 11),
        pad(fixed(customer.p_alive, 4), 8),
        pad(fixed(customer.expected_purchases, 4), 13),
        pad(fixed(customer.clv, 2), 11),
      ].join(" "),
    );
  }
  return `${lines.join("\n")}\n`;
}
