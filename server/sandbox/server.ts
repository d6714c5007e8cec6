import http from "node:http";
import type { AddressInfo } from "node:net";
import type { PlatformId } from "@/server/platforms/types";
import { noFaults, type Exchange, type Faults, type SimRequest, type SimResponse, type Simulator } from "./framework";

export interface SandboxServer {
  url: string;
  /** Base URL of one platform's simulator, to use as a connection's base URL. */
  baseUrl(platform: PlatformId): string;
  simulators: Map<PlatformId, Simulator>;
  close(): Promise<void>;
}

export interface SandboxOptions {
  port?: number;
  host?: string;
  simulators: Simulator[];
  /** Called for every answered request (contract checks in tests). */
  onExchange?: (exchange: Exchange) => void;
}

/** The Fetch-style headers of a Node request (single-valued headers, as API clients and webhook senders use). */
export function headersOf(req: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  return headers;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Serves every simulator under `/sandbox/<platform>/…` on one local port. `POST /sandbox/<platform>/_faults`
 * with a JSON body sets fault switches, `POST /sandbox/<platform>/_reset` clears state.
 */
export async function startSandboxServer(opts: SandboxOptions): Promise<SandboxServer> {
  const simulators = new Map(opts.simulators.map((s) => [s.platform, s]));
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const m = /^\/sandbox\/([a-z-]+)(\/.*)?$/.exec(url.pathname);
    const sim = m ? simulators.get(m[1] as PlatformId) : undefined;
    if (!sim) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "No such simulator" }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const path = m![2] ?? "/";
    if (req.method === "POST" && path === "/_faults") {
      Object.assign(sim.faults, JSON.parse(rawBody || "{}") as Partial<Faults>);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(sim.faults));
      return;
    }
    if (req.method === "POST" && path === "/_reset") {
      sim.reset();
      Object.assign(sim.faults, noFaults());
      res.writeHead(204).end();
      return;
    }
    let parsed: unknown;
    if (rawBody && /json/.test(req.headers["content-type"] ?? "")) {
      try {
        parsed = JSON.parse(rawBody);
      } catch {
        parsed = undefined;
      }
    }
    const simReq: SimRequest = { method: req.method ?? "GET", path, query: url.searchParams, headers: headersOf(req), rawBody, json: parsed };

    const f = sim.faults;
    if (f.latencyMs > 0) await sleep(f.latencyMs);
    if (f.timeouts > 0) {
      f.timeouts--;
      req.socket.setTimeout(0);
      return; // never answer; the client's timeout must fire
    }
    let answer: SimResponse & { operation?: string };
    if (f.rateLimitStorm > 0) {
      f.rateLimitStorm--;
      answer = sim.rateLimited(simReq);
    } else if (f.serverErrors > 0) {
      f.serverErrors--;
      answer = sim.serverError(simReq);
    } else {
      try {
        answer = await sim.handle(simReq);
      } catch (err) {
        answer = { status: 500, json: { message: `Simulator error: ${(err as Error).message}` } };
      }
    }
    if (f.malformedBodies > 0 && answer.status < 300) {
      f.malformedBodies--;
      answer = { ...answer, json: undefined, text: '{"truncated": [1, 2' };
    }
    opts.onExchange?.({ platform: sim.platform, operation: answer.operation, request: simReq, response: answer });
    const body = answer.text ?? (answer.json === undefined ? "" : JSON.stringify(answer.json));
    const outHeaders: Record<string, string> = { ...(answer.headers ?? {}) };
    if (answer.json !== undefined && !Object.keys(outHeaders).some((h) => h.toLowerCase() === "content-type")) outHeaders["content-type"] = "application/json";
    res.writeHead(answer.status, outHeaders).end(body);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host ?? "127.0.0.1"}:${port}`;
  return {
    url,
    baseUrl: (platform) => `${url}/sandbox/${platform}`,
    simulators,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
