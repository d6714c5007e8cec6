"use client";

import { useTranslations } from "next-intl";
import { Badge, type Tone } from "@/components/ui";

const connectionTones: Record<string, Tone> = { connected: "green", failed: "red", pending: "amber", disabled: "slate" };
const jobTones: Record<string, Tone> = {
  queued: "slate",
  running: "blue",
  retrying: "amber",
  succeeded: "green",
  failed: "red",
  cancelled: "slate",
};
const itemTones: Record<string, Tone> = { succeeded: "green", failed: "red", skipped: "slate" };
const levelTones: Record<string, Tone> = { success: "green", error: "red", info: "blue" };
const logTones: Record<string, Tone> = { debug: "slate", info: "blue", warn: "amber", error: "red" };

/** Translates a status word from the `status.<group>` namespace; an unknown value shows as it is rather than a key. */
function useStatusLabel(group: "connection" | "job" | "item" | "level" | "log" | "environment") {
  const t = useTranslations(`status.${group}`);
  return (value: string) => (t.has(value) ? t(value) : value);
}

export function ConnectionStatusBadge({ status }: { status: string }) {
  const label = useStatusLabel("connection");
  return (
    <span data-testid="connection-status" data-status={status}>
      <Badge tone={connectionTones[status] ?? "slate"}>{label(status)}</Badge>
    </span>
  );
}

export function EnvironmentBadge({ environment }: { environment: string }) {
  const label = useStatusLabel("environment");
  return <Badge tone={environment === "sandbox" ? "amber" : "blue"}>{label(environment)}</Badge>;
}

export function JobStateBadge({ state }: { state: string }) {
  const label = useStatusLabel("job");
  return (
    <span data-testid="job-state" data-state={state}>
      <Badge tone={jobTones[state] ?? "slate"}>{label(state)}</Badge>
    </span>
  );
}

export function ItemStatusBadge({ status }: { status: string }) {
  const label = useStatusLabel("item");
  return <Badge tone={itemTones[status] ?? "slate"}>{label(status)}</Badge>;
}

export function ActivityLevelBadge({ level }: { level: string }) {
  const label = useStatusLabel("level");
  return <Badge tone={levelTones[level] ?? "slate"}>{label(level)}</Badge>;
}

export function LogLevelBadge({ level }: { level: string }) {
  const label = useStatusLabel("log");
  return <Badge tone={logTones[level] ?? "slate"}>{label(level)}</Badge>;
}
