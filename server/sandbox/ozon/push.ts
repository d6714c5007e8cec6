// Ozon push notifications as Ozon sends them: TYPE_PING first (the cabinet's "Проверить" check), then events.
// Not signed; the receiver trusts the sender ranges (push_start tag in specs/ozon/ozon-seller-api.swagger.json).

/** An address inside 195.34.21.0/24, the first documented Ozon push range. */
export const OZON_PUSH_SOURCE_IP = "195.34.21.17";

/** The connection-check codes Ozon shows when the seller's service answers the PING wrongly (push_start tag). */
export type OzonPushProblem =
  | "REQUEST_ERROR"
  | "REQUEST_TIMEOUT"
  | "SERVER_FAULT"
  | "STATUS_CODE_NOT_OK"
  | "EMPTY_BODY"
  | "INVALID_JSON"
  | "WRONG_RESULT_FIELD"
  | "WRONG_RESULT_TIME_FIELD";

export interface OzonPushDelivery {
  message: Record<string, unknown>;
  status: number;
  body: unknown;
  problem?: OzonPushProblem;
}

export interface OzonPushResult {
  ping: OzonPushDelivery;
  /** Empty when the PING check failed: Ozon does not enable notifications for a URL that fails it. */
  deliveries: OzonPushDelivery[];
}

export interface OzonPushOptions {
  /** Sender address put in X-Forwarded-For (default inside 195.34.21.0/24). */
  sourceIp?: string;
  fetch?: typeof fetch;
  /** Ozon suspends a service that takes longer than 5 s (push_resending tag). */
  timeoutMs?: number;
}

async function post(
  url: string,
  message: Record<string, unknown>,
  opts: OzonPushOptions,
  check: (status: number, body: unknown, text: string) => OzonPushProblem | undefined,
): Promise<OzonPushDelivery> {
  const doFetch = opts.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": opts.sourceIp ?? OZON_PUSH_SOURCE_IP },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 5_000),
    });
  } catch (err) {
    const timedOut = (err as Error).name === "TimeoutError" || (err as Error).name === "AbortError";
    return { message, status: 0, body: undefined, problem: timedOut ? "REQUEST_TIMEOUT" : "REQUEST_ERROR" };
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { message, status: res.status, body, problem: check(res.status, body, text) };
}

function statusProblem(status: number, text: string): OzonPushProblem | undefined {
  if (status >= 500) return "SERVER_FAULT";
  if (status !== 200) return "STATUS_CODE_NOT_OK";
  if (!text) return "EMPTY_BODY";
  try {
    JSON.parse(text);
  } catch {
    return "INVALID_JSON";
  }
  return undefined;
}

/** PING answer: 200 `{version, name, time}` with time a date-time. */
export function checkPingAnswer(status: number, body: unknown, text: string): OzonPushProblem | undefined {
  const p = statusProblem(status, text);
  if (p) return p;
  const b = body as Record<string, unknown> | null;
  if (!b || typeof b !== "object" || typeof b.version !== "string" || typeof b.name !== "string") return "WRONG_RESULT_FIELD";
  if (typeof b.time !== "string" || Number.isNaN(Date.parse(b.time))) return "WRONG_RESULT_TIME_FIELD";
  return undefined;
}

/** Event answer: 200 `{result: true}` (service_response tag). */
export function checkEventAnswer(status: number, body: unknown, text: string): OzonPushProblem | undefined {
  const p = statusProblem(status, text);
  if (p) return p;
  const b = body as Record<string, unknown> | null;
  return b && typeof b === "object" && b.result === true ? undefined : "WRONG_RESULT_FIELD";
}

/**
 * Sends TYPE_PING, then the events (reversed when `outOfOrder`, each twice when `duplicate`), one at a time.
 * `now` stamps the PING.
 */
export async function sendOzonPushes(
  url: string,
  events: Array<Record<string, unknown>>,
  flags: { duplicate: boolean; outOfOrder: boolean; now: () => number },
  opts: OzonPushOptions = {},
): Promise<OzonPushResult> {
  const ping = await post(url, { message_type: "TYPE_PING", time: new Date(flags.now()).toISOString() }, opts, checkPingAnswer);
  if (ping.problem) return { ping, deliveries: [] };
  const ordered = flags.outOfOrder ? [...events].reverse() : events;
  const deliveries: OzonPushDelivery[] = [];
  for (const event of ordered) {
    deliveries.push(await post(url, event, opts, checkEventAnswer));
    if (flags.duplicate) deliveries.push(await post(url, event, opts, checkEventAnswer));
  }
  return { ping, deliveries };
}
