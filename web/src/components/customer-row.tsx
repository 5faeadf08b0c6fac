import type { Customer } from "@crm/domain";
import type { ReactNode } from "react";
import { useDirectory } from "../hooks/use-directory";
import { Link } from "../router";

/**
 * A customer in a list: initial, name, one line about them and their owner,
 * and something on the side. While a list is selecting (to reassign many),
 * the row is a checkbox instead of a link.
 */
export function CustomerRow({
  customer,
  line,
  side,
  selection,
}: {
  customer: Customer;
  line: ReactNode;
  side?: ReactNode;
  selection?: { selected: boolean; onToggle: () => void };
}) {
  const { ownerName } = useDirectory();
  const content = (
    <>
      <span className="avatar" aria-hidden="true">
        {[...customer.name][0]}
      </span>
      <span className="row-main">
        <strong>{customer.name}</strong>
        <small>
          {line} · <bdi className="owner">{ownerName(customer.ownerId)}</bdi>
        </small>
      </span>
      {side && <span className="row-side">{side}</span>}
    </>
  );
  if (selection) {
    return (
      <label className="row selectable">
        <input type="checkbox" checked={selection.selected} onChange={selection.onToggle} />
        {content}
      </label>
    );
  }
  return (
    <Link className="row" href={`/customers/${customer.id}`}>
      {content}
    </Link>
  );
}
