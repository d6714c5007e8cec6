import type { CliCommand } from "../types";
import { adminCreate } from "./admin";
import { connectionsTest } from "./connections";
import { keysGenerate, keysRotate } from "./keys";
import { trendyolFetch } from "./trendyol";
import { trendyolBatchStatus, trendyolCreateProduct, trendyolSyncProducts } from "./trendyol-publish";

export const commands: CliCommand[] = [adminCreate, connectionsTest, keysGenerate, keysRotate, trendyolFetch, trendyolSyncProducts, trendyolBatchStatus, trendyolCreateProduct];
