import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

/** What the browser receives from the API, as the routers declare it. */
export type Outputs = inferRouterOutputs<AppRouter>;
export type Connection = Outputs["connections"]["list"][number];
export type Platform = Outputs["account"]["platforms"][number];
export type JobRow = Outputs["jobs"]["list"][number];

export const CONNECTION_STATUSES = ["connected", "failed", "pending", "disabled"] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** A job in one of these states may still change, so screens that show it keep refreshing. */
export const ACTIVE_JOB_STATES: ReadonlySet<string> = new Set(["queued", "running", "retrying"]);

export const ACTIVITY_LEVELS = ["success", "error", "info"] as const;
export type ActivityLevel = (typeof ACTIVITY_LEVELS)[number];
