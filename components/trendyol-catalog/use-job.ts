"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/providers";
import { ACTIVE_JOB_STATES } from "@/components/status/types";

/**
 * Follows a fetch job until it ends, then reloads every Trendyol catalog query so the new data shows.
 * `state` is null before a job was started.
 */
export function useReferenceJob() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useQuery(
    trpc.jobs.get.queryOptions(
      { id: jobId ?? "" },
      { enabled: Boolean(jobId), refetchInterval: (q) => (q.state.data && !ACTIVE_JOB_STATES.has(q.state.data.job.state) ? false : 1_500) },
    ),
  );
  const state = jobId ? (job.data?.job.state ?? "queued") : null;
  const running = state !== null && ACTIVE_JOB_STATES.has(state) && !job.isError;
  const finished = Boolean(jobId) && !running;
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: trpc.trendyolCatalog.pathKey() });
  }, [finished, queryClient, trpc]);
  return { jobId, setJobId, state, running, job: job.data?.job ?? null };
}
