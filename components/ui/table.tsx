import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";

const join = (...c: Array<string | false | null | undefined>) => c.filter(Boolean).join(" ");

/** A card that holds a table edge to edge: title and description on top, the table below. */
export function TableCard({
  title,
  description,
  aside,
  children,
  testId,
}: {
  title: ReactNode;
  description?: ReactNode;
  aside?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" data-testid={testId}>
      <div className="flex flex-col gap-1 px-4 py-4 sm:flex-row sm:items-start sm:justify-between sm:px-5">
        <div className="min-w-0">
          <h2 className="text-base font-semibold text-slate-900">{title}</h2>
          {description ? <p className="mt-0.5 text-sm text-slate-600">{description}</p> : null}
        </div>
        {aside ? <div className="shrink-0 text-sm text-slate-500">{aside}</div> : null}
      </div>
      {children}
    </section>
  );
}

/** Scrolls sideways on its own on narrow screens (relative, so screen-reader-only labels stay inside). */
export function Table({ children }: { children: ReactNode }) {
  return (
    <div className="relative overflow-x-auto border-t border-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">{children}</table>
    </div>
  );
}

type Align = { align?: "left" | "right" };
type VAlign = { valign?: "top" | "middle" };

export function Th({ className, align = "left", ...props }: ThHTMLAttributes<HTMLTableCellElement> & Align) {
  return (
    <th
      scope="col"
      className={join(
        "bg-slate-50 px-3 py-2 text-xs sm:px-4 font-semibold uppercase tracking-wide text-slate-500 sm:first:pl-5 sm:last:pr-5",
        align === "right" ? "text-right" : "text-left",
        className,
      )}
      {...props}
    />
  );
}

export function Td({ className, align = "left", valign = "middle", ...props }: TdHTMLAttributes<HTMLTableCellElement> & Align & VAlign) {
  return (
    <td
      className={join("px-3 py-3 sm:px-4 sm:first:pl-5 sm:last:pr-5", valign === "top" ? "align-top" : "align-middle", align === "right" && "text-right", className)}
      {...props}
    />
  );
}
