// ShipStation v1 writes and reads dates as Pacific wall-clock time without an offset, e.g. "2015-06-29T08:46:27.0000000".

const ZONE = "America/Los_Angeles";
const parts = new Intl.DateTimeFormat("en-US", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function wall(ms: number) {
  const p: Record<string, string> = {};
  for (const x of parts.formatToParts(new Date(ms))) p[x.type] = x.value;
  return { y: +p.year!, m: +p.month!, d: +p.day!, h: +p.hour!, mi: +p.minute!, s: +p.second! };
}

/** Pacific offset at an instant, in ms (negative: -7 h or -8 h). */
function offsetAt(ms: number): number {
  const w = wall(ms);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s) - (ms - (((ms % 1000) + 1000) % 1000));
}

export function toShipStationDate(ms: number): string {
  const w = wall(ms);
  const pad = (n: number, l = 2) => String(n).padStart(l, "0");
  const frac = String(((ms % 1000) + 1000) % 1000).padStart(3, "0") + "0000";
  return `${w.y}-${pad(w.m)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}.${frac}`;
}

/** Parses a ShipStation date: with an explicit offset as given, without one as Pacific time. */
export function fromShipStationDate(value: string): number | undefined {
  const v = value.trim();
  if (/(Z|[+-]\d\d:?\d\d)$/i.test(v)) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/.exec(v);
  if (!m) return undefined;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0;
  const asUtc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms);
  let t = asUtc - offsetAt(asUtc);
  t = asUtc - offsetAt(t);
  return t;
}
