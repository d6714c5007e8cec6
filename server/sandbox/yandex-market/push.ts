// Yandex Market API notifications as the Market sends them: `POST {url}/notification`, PING first, then events.
// Not signed: receivers check the sender ranges (yandex.ru/dev/market/partner-api/doc/ru/push-notifications/).
// Every notification is answered 200 `{version, name, time}`; errors 400/500 `{error: {type, message}}`.

/** An address inside 5.45.207.0/25, the first documented Yandex Market range. */
export const YANDEX_PUSH_SOURCE_IP = "5.45.207.10";

export interface YandexPushDelivery {
  notification: Record<string, unknown>;
  status: number;
  body: unknown;
  /** Why the Market would count this delivery as failed; undefined when it was accepted. */
  problem?: string;
}

export interface YandexPushResult {
  ping: YandexPushDelivery;
  /** Empty when PING failed: the Market does not enable notifications for a URL that fails it. */
  deliveries: YandexPushDelivery[];
}

export interface YandexPushOptions {
  sourceIp?: string;
  fetch?: typeof fetch;
}

/** The Market appends `/notification` to the URL the seller enters in the cabinet. */
export function notificationUrl(url: string): string {
  return `${url.replace(/\/+$/, "")}/notification`;
}

function check(status: number, body: unknown): string | undefined {
  if (status !== 200) return `HTTP ${status}`;
  const b = body as Record<string, unknown> | null;
  if (!b || typeof b !== "object") return "the answer is not a JSON object";
  if (typeof b.version !== "string" || b.version.length === 0) return "version is missing";
  if (typeof b.name !== "string" || b.name.length === 0) return "name is missing";
  if (typeof b.time !== "string" || Number.isNaN(Date.parse(b.time))) return "time is not a date-time";
  return undefined;
}

async function post(url: string, notification: Record<string, unknown>, timeoutMs: number, opts: YandexPushOptions): Promise<YandexPushDelivery> {
  const doFetch = opts.fetch ?? fetch;
  try {
    const res = await doFetch(notificationUrl(url), {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": opts.sourceIp ?? YANDEX_PUSH_SOURCE_IP },
      body: JSON.stringify(notification),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { notification, status: res.status, body, problem: check(res.status, body) };
  } catch (err) {
    const name = (err as Error).name;
    return { notification, status: 0, body: undefined, problem: name === "TimeoutError" || name === "AbortError" ? "timeout" : "connection failed" };
  }
}

/** PING must be answered within 1 s, other notifications within 10 s (sendNotification reference). */
export async function sendYandexNotifications(
  url: string,
  notifications: Array<Record<string, unknown>>,
  flags: { duplicate: boolean; outOfOrder: boolean; now: () => number },
  opts: YandexPushOptions = {},
): Promise<YandexPushResult> {
  const ping = await post(url, { notificationType: "PING", time: new Date(flags.now()).toISOString() }, 1_000, opts);
  if (ping.problem) return { ping, deliveries: [] };
  const ordered = flags.outOfOrder ? [...notifications].reverse() : notifications;
  const deliveries: YandexPushDelivery[] = [];
  for (const n of ordered) {
    deliveries.push(await post(url, n, 10_000, opts));
    if (flags.duplicate) deliveries.push(await post(url, n, 10_000, opts));
  }
  return { ping, deliveries };
}
