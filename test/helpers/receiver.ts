import http from "node:http";
import type { AddressInfo } from "node:net";
import type { InboundWebhook } from "@/server/platforms/webhooks";
import { headersOf } from "@/server/sandbox/server";

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: Headers;
  rawBody: string;
}

/**
 * A local HTTP endpoint that records what a simulator delivers to it (raw bytes and headers, as a webhook
 * verifier needs them) and answers 200.
 */
export async function startReceiver(path: string) {
  const received: ReceivedRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({ method: req.method ?? "", url: req.url ?? "", headers: headersOf(req), rawBody: Buffer.concat(chunks).toString("utf8") });
    res.writeHead(200).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    received,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    /** A recorded request as the intake hands it to a verifier. */
    inbound: (r: ReceivedRequest): InboundWebhook => ({ method: r.method, url: new URL(r.url, "http://kervan.test"), headers: r.headers, rawBody: r.rawBody }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
