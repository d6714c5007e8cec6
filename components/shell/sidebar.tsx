"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui";
import { Brand } from "./brand";
import { Icon } from "./icons";
import { isActive, NAV, type NavItem } from "./nav";

/** One sidebar for every width: fixed beside the content from md up, a drawer below that. */
export function Sidebar({ isAdmin, open, onClose }: { isAdmin: boolean; open: boolean; onClose: () => void }) {
  const t = useTranslations("nav");
  const tShell = useTranslations("shell");
  const pathname = usePathname();
  const main = NAV.filter((i) => !i.adminOnly);
  const admin = isAdmin ? NAV.filter((i) => i.adminOnly) : [];

  const link = (item: NavItem) => {
    const active = isActive(pathname, item.href);
    return (
      <li key={item.key}>
        <Link
          href={item.href}
          data-testid={`nav-${item.key}`}
          aria-current={active ? "page" : undefined}
          onClick={onClose}
          className={cx(
            "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition",
            active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
          )}
        >
          <Icon name={item.icon} className={cx("h-5 w-5 shrink-0", active ? "text-brand-600" : "text-slate-400")} />
          {t(item.key)}
        </Link>
      </li>
    );
  };

  return (
    <aside
      id="sidebar"
      data-testid="sidebar"
      data-open={open || undefined}
      className={cx(
        "fixed inset-y-0 left-0 z-40 w-64 shrink-0 border-r border-slate-200 bg-white transition-transform duration-200",
        // From md up it stretches beside the page (full-height border) while its contents stay in view.
        "md:static md:visible md:translate-x-0",
        open ? "translate-x-0 shadow-xl" : "invisible -translate-x-full",
      )}
    >
      <div className="flex h-full flex-col md:sticky md:top-0 md:h-screen">
        <div className="flex h-14 items-center justify-between border-b border-slate-200 px-4">
          <Link href="/dashboard" onClick={onClose} aria-label="Kervan">
            <Brand />
          </Link>
          <button type="button" onClick={onClose} className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100 md:hidden" aria-label={tShell("closeMenu")}>
            <Icon name="close" />
          </button>
        </div>
        <nav aria-label={tShell("mainNavigation")} className="flex flex-1 flex-col overflow-y-auto p-3">
          <ul className="space-y-1">{main.map(link)}</ul>
          {admin.length ? (
            <div className="mt-6">
              <p className="px-3 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-400">{tShell("operator")}</p>
              <ul className="space-y-1">{admin.map(link)}</ul>
            </div>
          ) : null}
        </nav>
      </div>
    </aside>
  );
}
