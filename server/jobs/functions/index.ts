import { activityPrune } from "./activity-prune";
import { connectionTest } from "./connection-test";
import { webhookProcess } from "./webhook-process";
import { trendyolOrdersAction } from "./trendyol-orders-action";
import { trendyolOrdersImport } from "./trendyol-orders-import";
import { trendyolOrdersSchedule } from "./trendyol-orders-schedule";
import { trendyolOrdersSync } from "./trendyol-orders-sync";
import { trendyolBatchPoll, trendyolPublish } from "./trendyol-publish";
import { trendyolReferenceFetch, trendyolReferenceWeekly } from "./trendyol-reference-fetch";
import { trendyolStockPrice, trendyolStockPriceReconcile, trendyolStockPriceSchedule } from "./trendyol-stock-price";

/** Every background function: the embedded runner runs these definitions, /api/inngest serves their Inngest side. */
export const functions = [connectionTest, webhookProcess, activityPrune, trendyolOrdersImport, trendyolOrdersSync, trendyolOrdersAction, trendyolOrdersSchedule, trendyolReferenceFetch, trendyolReferenceWeekly, trendyolPublish, trendyolBatchPoll, trendyolStockPrice, trendyolStockPriceSchedule, trendyolStockPriceReconcile] as const;
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
