import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { db } from "@/db/client";
import { auth } from "@/server/auth";
import { PARTNER_COOKIE } from "@/server/trpc/cookies";
import { createContext } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";
import { log } from "@/server/log";

async function handler(req: Request) {
  const session = await auth();
  const cookie = req.headers.get("cookie") ?? "";
  const requestedPartnerId = new RegExp(`(?:^|; )${PARTNER_COOKIE}=([^;]+)`).exec(cookie)?.[1];
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => createContext({ db: await db(), userId: session?.user?.id, requestedPartnerId }),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") log.error("tRPC procedure failed", { path, error: error.message });
    },
  });
}

export { handler as GET, handler as POST };
