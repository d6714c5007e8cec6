import { PlatformError } from "@/server/platforms/errors";
import type { TrendyolCargoProvider } from "@/server/platforms/trendyol/orders";
import { ConnectionUnavailableError } from "@/server/sync/connection-context";
import { isCancelReason, runOrderAction, type TrendyolOrderAction } from "@/server/sync/trendyol/order-actions";
import { defineJob, NonRetriableError } from "../define";
import { trendyolOrderActionRequested } from "../events";

/** A seller's status update of one Trendyol package; the result (or Trendyol's refusal) is shown on the package. */
export const trendyolOrdersAction = defineJob({
  id: "trendyol-orders-action",
  event: trendyolOrderActionRequested,
  retries: 3,
  concurrency: { key: "connection", limit: 1 },
  async handler({ event, step, job, db }) {
    const { partnerId, orderId, action: kind, invoiceNumber, reasonId, lines, cargoProvider } = event.data;
    let action: TrendyolOrderAction;
    if (kind === "picking") action = { action: "picking" };
    else if (kind === "invoiced") action = { action: "invoiced", invoiceNumber: invoiceNumber ?? "" };
    else if (kind === "carrier") action = { action: "carrier", cargoProvider: (cargoProvider ?? "") as TrendyolCargoProvider };
    else if (reasonId !== undefined && isCancelReason(reasonId)) action = { action: "cancel", reasonId, lines: lines ?? [] };
    else throw new NonRetriableError(`Unknown cancellation reason ${reasonId}`);
    const result = await step.run("update-package", async () => {
      try {
        return await runOrderAction(db, partnerId, orderId, action);
      } catch (err) {
        if (err instanceof ConnectionUnavailableError) throw new NonRetriableError(err.message);
        // Trendyol refused (wrong state, bad line): trying again sends the same refused request.
        if (err instanceof PlatformError && !err.retriable) throw new NonRetriableError(`Trendyol refused: ${err.message}`);
        throw err;
      }
    });
    await job.item(result.packageId, "succeeded", `${kind} → ${result.platformStatus ?? "?"}`);
    await job.progress(1, 1);
    return result;
  },
});
