/** The Kervan mark; a server component (the auth layout uses it), so it takes nothing from the client-only ui module. */
export function Brand({ size = "md" }: { size?: "md" | "lg" }) {
  return (
    <span className="inline-flex items-center gap-2" data-testid="brand">
      <span
        aria-hidden
        className={`inline-flex items-center justify-center rounded-lg bg-brand-600 font-bold text-white shadow-sm ${size === "lg" ? "h-10 w-10 text-xl" : "h-8 w-8 text-base"}`}
      >
        K
      </span>
      <span className={`font-semibold tracking-tight text-slate-900 ${size === "lg" ? "text-2xl" : "text-lg"}`}>Kervan</span>
    </span>
  );
}
