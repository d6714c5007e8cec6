// Wildberries counts requests with a token bucket per seller: `burst` requests at once, one more every `intervalMs`.
// Limits per method group come from the operation descriptions in specs/wildberries/*.yaml (Период | Лимит | Интервал | Всплеск).

export interface BucketRule {
  /** Requests that may be made at once. */
  burst: number;
  /** One request is restored every intervalMs. */
  intervalMs: number;
}

export const WB_LIMITS = {
  /** Content: 100/min, interval 600 ms, burst 5 (02-products.yaml, cards list). */
  content: { burst: 5, intervalMs: 600 },
  /** Cards upload/update/error list: 10/min, interval 6 s, burst 5 (02-products.yaml). */
  contentUpload: { burst: 5, intervalMs: 6_000 },
  /** Prices and discounts: 10 per 6 s, interval 600 ms, burst 5 (02-products.yaml). */
  prices: { burst: 5, intervalMs: 600 },
  /** Seller-warehouse stocks: 300/min, interval 200 ms, burst 20; a 409 counts as 10 (02-products.yaml). */
  stocks: { burst: 20, intervalMs: 200 },
  /** FBS orders, supplies, passes: 300/min, interval 200 ms, burst 20; a 409 counts as 10 (03-orders-fbs.yaml). */
  fbs: { burst: 20, intervalMs: 200 },
  /** Seller info: 1/min, burst 10 (01-general.yaml). */
  sellerInfo: { burst: 10, intervalMs: 60_000 },
} as const satisfies Record<string, BucketRule>;

/** GET /ping: at most 3 per 30 s, per host (01-general.yaml). */
export const PING_LIMIT = { requests: 3, windowMs: 30_000 };

/** A 409 answer costs this many requests in the stocks and FBS groups. */
export const CONFLICT_COST = 10;

export class TokenBuckets {
  private state = new Map<string, { tokens: number; at: number }>();
  constructor(private now: () => number) {}

  private level(key: string, rule: BucketRule) {
    const t = this.now();
    const s = this.state.get(key) ?? { tokens: rule.burst, at: t };
    const tokens = Math.min(rule.burst, s.tokens + (t - s.at) / rule.intervalMs);
    const next = { tokens, at: t };
    this.state.set(key, next);
    return next;
  }

  /** Takes one request; when none is left, says how long to wait (ms) for the next one. */
  take(key: string, rule: BucketRule): { ok: true; remaining: number } | { ok: false; retryMs: number; resetMs: number } {
    const s = this.level(key, rule);
    if (s.tokens >= 1) {
      s.tokens -= 1;
      return { ok: true, remaining: Math.floor(s.tokens) };
    }
    return { ok: false, retryMs: Math.ceil((1 - s.tokens) * rule.intervalMs), resetMs: Math.ceil((rule.burst - s.tokens) * rule.intervalMs) };
  }

  /** Charges extra requests after the fact (a 409 costs 10): the level may go below zero. */
  charge(key: string, rule: BucketRule, extra: number) {
    const s = this.level(key, rule);
    s.tokens -= extra;
  }

  remaining(key: string, rule: BucketRule): number {
    return Math.floor(Math.max(0, this.level(key, rule).tokens));
  }

  reset() {
    this.state.clear();
  }
}
