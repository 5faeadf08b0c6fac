import type { Customer } from "@crm/domain";
import type { ReactNode } from "react";
import { Link } from "../router";

/** A customer in a list: initial, name, one line about them, and something on the side. */
export function CustomerRow({
  customer,
  line,
  side,
}: {
  customer: Customer;
  line: ReactNode;
  side?: ReactNode;
}) {
  return (
    <Link className="row" href={`/customers/${customer.id}`}>
      <span className="avatar" aria-hidden="true">
        {[...customer.name][0]}
      </span>
      <span className="row-main">
        <strong>{customer.name}</strong>
        <small>{line}</small>
      </span>
      {side && <span className="row-side">{side}</span>}
    </Link>
  );
}
