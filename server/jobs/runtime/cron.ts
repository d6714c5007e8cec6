/**
 * A minimal five-field cron parser for the embedded runner (no cron package is installed; Inngest parses its own).
 * Fields: minute hour day-of-month month day-of-week, evaluated in UTC. Each field takes `*`, numbers, names
 * (JAN–DEC, SUN–SAT), ranges `a-b`, steps `*\/n` `a-b/n` `a/n` and comma lists. When both day fields are
 * restricted a day matches either of them, as in Vixie cron. `TZ=UTC ` / `CRON_TZ=UTC ` prefixes are accepted;
 * other time zones are refused rather than silently run at the wrong hour.
 */

export interface CronSchedule {
  readonly expression: string;
  /** The first slot strictly after `after` (slots are whole minutes). */
  next(after: Date): Date;
  /** The latest slot at or before `at`. */
  previous(at: Date): Date;
}

export class CronSyntaxError extends Error {
  constructor(expression: string, reason: string) {
    super(`Invalid cron expression "${expression}": ${reason}`);
    this.name = "CronSyntaxError";
  }
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;

const FIELDS: readonly FieldSpec[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day of week", min: 0, max: 7, names: DAYS },
];

const MACROS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const MINUTE = 60_000;
/** Enough jumps to cross several years, so impossible dates (31 February) fail instead of looping forever. */
const MAX_ITERATIONS = 50_000;

function parseValue(raw: string, spec: FieldSpec, expression: string): number {
  const upper = raw.toUpperCase();
  const named = spec.names?.indexOf(upper as never) ?? -1;
  if (named >= 0) return spec.name === "month" ? named + 1 : named;
  if (!/^\d+$/.test(raw)) throw new CronSyntaxError(expression, `"${raw}" is not a valid ${spec.name}`);
  const n = Number(raw);
  if (n < spec.min || n > spec.max) {
    throw new CronSyntaxError(expression, `${spec.name} ${n} is outside ${spec.min}-${spec.max}`);
  }
  return n;
}

function parseField(raw: string, spec: FieldSpec, expression: string): { values: Set<number>; restricted: boolean } {
  const values = new Set<number>();
  for (const part of raw.split(",")) {
    if (part === "") throw new CronSyntaxError(expression, `empty list entry in ${spec.name}`);
    const [range, stepRaw, extra] = part.split("/");
    if (extra !== undefined || range === undefined || range === "") {
      throw new CronSyntaxError(expression, `"${part}" is not a valid ${spec.name}`);
    }
    let step = 1;
    if (stepRaw !== undefined) {
      if (!/^\d+$/.test(stepRaw) || Number(stepRaw) === 0) {
        throw new CronSyntaxError(expression, `step "${stepRaw}" in ${spec.name} must be a positive number`);
      }
      step = Number(stepRaw);
    }
    let from: number;
    let to: number;
    if (range === "*") {
      from = spec.min;
      to = spec.max;
    } else if (range.includes("-")) {
      const [a, b, more] = range.split("-");
      if (more !== undefined || a === undefined || b === undefined) {
        throw new CronSyntaxError(expression, `"${range}" is not a valid range`);
      }
      from = parseValue(a, spec, expression);
      to = parseValue(b, spec, expression);
      if (from > to) throw new CronSyntaxError(expression, `range ${range} in ${spec.name} runs backwards`);
    } else {
      from = parseValue(range, spec, expression);
      to = stepRaw === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  // As in Vixie cron, a day field starting with "*" (also "*/2") makes the two day fields combine with AND, not OR.
  return { values, restricted: !raw.startsWith("*") };
}

/** Parses a cron expression once; throws CronSyntaxError naming the field that is wrong. */
export function parseCron(expression: string): CronSchedule {
  let body = expression.trim();
  const tz = /^(?:CRON_)?TZ=(\S+)\s+/.exec(body);
  if (tz) {
    if (!["UTC", "Etc/UTC", "GMT"].includes(tz[1] ?? "")) {
      throw new CronSyntaxError(expression, `time zone ${tz[1]} is not supported by the embedded runner (use UTC)`);
    }
    body = body.slice(tz[0].length);
  }
  body = MACROS[body.toLowerCase()] ?? body;
  const parts = body.split(/\s+/);
  if (parts.length !== 5) throw new CronSyntaxError(expression, `expected 5 fields, got ${parts.length}`);
  const [minute, hour, dom, month, dow] = parts.map((p, i) => parseField(p, FIELDS[i]!, expression)) as [
    ReturnType<typeof parseField>,
    ReturnType<typeof parseField>,
    ReturnType<typeof parseField>,
    ReturnType<typeof parseField>,
    ReturnType<typeof parseField>,
  ];
  if (dow.values.has(7)) dow.values.add(0);

  const dayMatches = (t: Date) => {
    const inDom = dom.values.has(t.getUTCDate());
    const inDow = dow.values.has(t.getUTCDay());
    return dom.restricted && dow.restricted ? inDom || inDow : inDom && inDow;
  };

  const next = (after: Date): Date => {
    const t = new Date(Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE);
    for (let i = 0; i < MAX_ITERATIONS; i++) {
      if (!month.values.has(t.getUTCMonth() + 1)) {
        t.setUTCMonth(t.getUTCMonth() + 1, 1);
        t.setUTCHours(0, 0, 0, 0);
      } else if (!dayMatches(t)) {
        t.setUTCDate(t.getUTCDate() + 1);
        t.setUTCHours(0, 0, 0, 0);
      } else if (!hour.values.has(t.getUTCHours())) {
        t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
      } else if (!minute.values.has(t.getUTCMinutes())) {
        t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
      } else {
        return t;
      }
    }
    throw new CronSyntaxError(expression, "no date ever matches it");
  };

  const previous = (at: Date): Date => {
    const t = new Date(Math.floor(at.getTime() / MINUTE) * MINUTE);
    for (let i = 0; i < MAX_ITERATIONS; i++) {
      if (!month.values.has(t.getUTCMonth() + 1)) {
        t.setUTCDate(1);
        t.setUTCHours(0, -1, 0, 0); // last minute of the month before
      } else if (!dayMatches(t)) {
        t.setUTCHours(0, -1, 0, 0); // last minute of the day before
      } else if (!hour.values.has(t.getUTCHours())) {
        t.setUTCMinutes(-1, 0, 0); // last minute of the hour before
      } else if (!minute.values.has(t.getUTCMinutes())) {
        t.setUTCMinutes(t.getUTCMinutes() - 1, 0, 0);
      } else {
        return t;
      }
    }
    throw new CronSyntaxError(expression, "no date ever matches it");
  };

  return { expression, next, previous };
}
