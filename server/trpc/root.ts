import { createCallerFactory, router } from "./init";
import { accountRouter } from "./routers/account";
import { activityRouter } from "./routers/activity";
import { adminRouter } from "./routers/admin";
import { catalogRouter } from "./routers/catalog";
import { connectionsRouter } from "./routers/connections";
import { jobsRouter } from "./routers/jobs";
import { membersRouter } from "./routers/members";
import { webhooksRouter } from "./routers/webhooks";

export const appRouter = router({
  account: accountRouter,
  connections: connectionsRouter,
  catalog: catalogRouter,
  jobs: jobsRouter,
  activity: activityRouter,
  members: membersRouter,
  admin: adminRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
