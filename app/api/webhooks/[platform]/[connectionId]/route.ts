import { db } from "@/db/client";
import { receiveWebhook } from "@/server/webhooks/intake";

/** One thin dispatcher for every platform's webhooks; the work happens in a background job. */
async function handle(request: Request, { params }: { params: Promise<{ platform: string; connectionId: string }> }) {
  const { platform, connectionId } = await params;
  const rawBody = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
  const answer = await receiveWebhook(await db(), platform, connectionId, {
    method: request.method,
    url: new URL(request.url),
    headers: request.headers,
    rawBody,
    sourceIp: request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || undefined,
  });
  if (answer.text !== undefined) return new Response(answer.text, { status: answer.status });
  if (answer.json === undefined || answer.status === 204) return new Response(null, { status: answer.status });
  return Response.json(answer.json, { status: answer.status });
}

export const dynamic = "force-dynamic";
export { handle as GET, handle as POST };
