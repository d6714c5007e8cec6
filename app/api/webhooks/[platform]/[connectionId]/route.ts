import { db } from "@/db/client";
import { receiveWebhook } from "@/server/webhooks/intake";

/**
 * Answers are a few bytes and never cached. `no-transform` keeps Next's response compression off them: it drops
 * a handler's Content-Length, so it would otherwise open a gzip stream for every delivery's `{"ok":true}`.
 */
const NOT_CACHED = "no-store, no-transform";

function reply(status: number, body: string | null, contentType?: string) {
  const headers: Record<string, string> = { "cache-control": NOT_CACHED };
  if (body !== null && contentType) headers["content-type"] = contentType;
  return new Response(body, { status, headers });
}

/** One thin dispatcher for every platform's webhooks; the work happens in a background job. */
async function handle(request: Request, { params }: { params: Promise<{ platform: string; connectionId: string }> }) {
  const { platform, connectionId } = await params;
  const rawBody = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
  const answer = await receiveWebhook(await db(), platform, connectionId, {
    method: request.method,
    url: new URL(request.url),
    headers: request.headers,
    rawBody,
  });
  if (answer.text !== undefined) return reply(answer.status, answer.text, "text/plain;charset=UTF-8");
  if (answer.json === undefined || answer.status === 204) return reply(answer.status, null);
  return reply(answer.status, JSON.stringify(answer.json), "application/json");
}

export const dynamic = "force-dynamic";
export { handle as GET, handle as POST };
