// Server-side helpers for cabinet and auth routes: the signed-in viewer, a tRPC caller, and a prefetching proxy.
import { dehydrate, QueryClient } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { cookies } from "next/headers";
import { cache } from "react";
import { db } from "@/db/client";
import { auth } from "@/server/auth";
import { PARTNER_COOKIE } from "@/server/trpc/cookies";
import { createContext } from "@/server/trpc/init";
import { appRouter, createCaller } from "@/server/trpc/root";

/** One context per request, shared by the layout and the page (React's cache is per request). */
export const serverContext = cache(async () => {
  const session = await auth();
  const requestedPartnerId = (await cookies()).get(PARTNER_COOKIE)?.value;
  return createContext({ db: await db(), userId: session?.user?.id, requestedPartnerId });
});

export async function serverCaller() {
  return createCaller(await serverContext());
}

/** For pages that prefetch: `await prefetch((trpc) => trpc.members.list.queryOptions())`, then hydrate `state`. */
export async function createPrefetcher() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 5_000 } } });
  const ctx = await serverContext();
  const trpc = createTRPCOptionsProxy({ router: appRouter, ctx, queryClient });
  return { trpc, queryClient, dehydrated: () => dehydrate(queryClient) };
}
