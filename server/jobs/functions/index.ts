import { activityPrune } from "./activity-prune";
import { connectionTest } from "./connection-test";
import { webhookProcess } from "./webhook-process";

/** Every background function: the embedded runner runs these definitions, /api/inngest serves their Inngest side. */
export const functions = [connectionTest, webhookProcess, activityPrune] as const;
/** Same list, under the name the jobs code uses. */
export const jobFunctions = functions;

export const inngestFunctions = functions.map((fn) => fn.inngest);

type AnyJob = (typeof functions)[number];
/** Jobs that are started by enqueueJob (the others run on a cron schedule). */
export type EnqueueableJob = Extract<AnyJob, { kind: "event" }>;
export type JobType = EnqueueableJob["id"];

export function findJobFunction(type: string): EnqueueableJob | undefined {
  return functions.find((fn): fn is EnqueueableJob => fn.kind === "event" && fn.id === type);
}
