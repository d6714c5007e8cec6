import { createCallerFactory, router } from "./init";
import { accountRouter } from "./routers/account";
import { activityRouter } from "./routers/activity";
import { adminRouter } from "./routers/admin";
import { catalogRouter } from "./routers/catalog";
import { connectionsRouter } from "./routers/connections";
import { jobsRouter } from "./routers/jobs";
import { membersRouter } from "./routers/members";
import { webhooksRouter } from "./routers/webhooks";
import { trendyolCatalogRouter } from "./routers/trendyol-catalog";
import { ordersRouter } from "./routers/orders";
import { trendyolWebhooksRouter } from "./routers/trendyol-webhooks";
import { trendyolInventoryRouter } from "./routers/trendyol-inventory";
import { trendyolPublishRouter } from "./routers/trendyol-publish";

export const appRouter = router({
  account: accountRouter,
  connections: connectionsRouter,
  catalog: catalogRouter,
  jobs: jobsRouter,
  activity: activityRouter,
  members: membersRouter,
  admin: adminRouter,
  webhooks: webhooksRouter,
  trendyolCatalog: trendyolCatalogRouter,
  orders: ordersRouter,
  trendyolWebhooks: trendyolWebhooksRouter,
  trendyolInventory: trendyolInventoryRouter,
  trendyolPublish: trendyolPublishRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
