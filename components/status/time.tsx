"use client";

import { useFormatter, useNow, useTranslations } from "next-intl";
import { useSyncExternalStore } from "react";

const noSubscribe = () => () => {};
/** False while rendering on the server and hydrating: times relative to "now" differ between the two. */
function useHydrated() {
  return useSyncExternalStore(noSubscribe, () => true, () => false);
}

const FULL = { dateStyle: "medium", timeStyle: "medium" } as const;

/** "3 minutes ago" in the reader's language, with the full date and time on hover. */
export function RelativeTime({ date }: { date: Date | string | null | undefined }) {
  const format = useFormatter();
  const now = useNow({ updateInterval: 30_000 });
  const hydrated = useHydrated();
  if (!date) return <span className="text-slate-400">—</span>;
  const d = new Date(date);
  return (
    <time dateTime={d.toISOString()} title={format.dateTime(d, FULL)}>
      {hydrated ? format.relativeTime(d, now) : format.dateTime(d, { dateStyle: "short", timeStyle: "short" })}
    </time>
  );
}

/** Date and time, per language. */
export function DateTime({ date, withSeconds = false }: { date: Date | string | null | undefined; withSeconds?: boolean }) {
  const format = useFormatter();
  if (!date) return <span className="text-slate-400">—</span>;
  const d = new Date(date);
  return (
    <time dateTime={d.toISOString()}>
      {format.dateTime(d, { dateStyle: "short", timeStyle: withSeconds ? "medium" : "short" })}
    </time>
  );
}

/** How long something took (or has been running): "850 ms", "12 s", "3 min 5 s", "1 h 2 min". */
export function Duration({ from, to }: { from: Date | string | null | undefined; to: Date | string | null | undefined }) {
  const format = useFormatter();
  const now = useNow({ updateInterval: 1_000 });
  const t = useTranslations("jobs");
  const hydrated = useHydrated();
  if (!from || (!to && !hydrated)) return <span className="text-slate-400">—</span>;
  const ms = Math.max(0, (to ? new Date(to) : now).getTime() - new Date(from).getTime());
  const unit = (value: number, u: "millisecond" | "second" | "minute" | "hour") =>
    format.number(value, { style: "unit", unit: u, unitDisplay: "short", maximumFractionDigits: 0 });
  let text: string;
  if (ms < 1_000) text = unit(ms, "millisecond");
  else if (ms < 60_000) text = unit(Math.round(ms / 1_000), "second");
  else if (ms < 3_600_000) text = `${unit(Math.floor(ms / 60_000), "minute")} ${unit(Math.floor((ms % 60_000) / 1_000), "second")}`;
  else text = `${unit(Math.floor(ms / 3_600_000), "hour")} ${unit(Math.floor((ms % 3_600_000) / 60_000), "minute")}`;
  return <span title={to ? undefined : t("stillRunning")}>{text}</span>;
}
