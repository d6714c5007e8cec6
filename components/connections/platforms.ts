"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import { useTRPC } from "@/components/providers";
import type { Platform } from "@/components/status/types";

/** The nine platform manifests (they drive the connection form and name platforms everywhere); they never change at run time. */
export function usePlatforms() {
  const trpc = useTRPC();
  const query = useQuery(trpc.account.platforms.queryOptions(undefined, { staleTime: Infinity }));
  const byId = useMemo(() => new Map<string, Platform>((query.data ?? []).map((p) => [p.id, p])), [query.data]);
  const nameOf = useCallback((id: string | null | undefined) => (id ? (byId.get(id)?.name ?? id) : ""), [byId]);
  return { ...query, platforms: query.data ?? [], byId, nameOf };
}
