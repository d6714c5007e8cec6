import type { ReactNode } from "react";

type AlertTone = "error" | "success" | "info";
const tones: Record<AlertTone, string> = {
  error: "border-red-200 bg-red-50 text-red-800",
  success: "border-green-200 bg-green-50 text-green-800",
  info: "border-slate-200 bg-slate-50 text-slate-700",
};

/** An inline message box; errors are announced to screen readers. */
export function Alert({ tone = "info", children, className, testId }: { tone?: AlertTone; children: ReactNode; className?: string; testId?: string }) {
  return (
    <div role={tone === "error" ? "alert" : "status"} data-testid={testId} className={["rounded-md border px-3 py-2 text-sm", tones[tone], className].filter(Boolean).join(" ")}>
      {children}
    </div>
  );
}
