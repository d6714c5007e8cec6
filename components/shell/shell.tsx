"use client";

import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { Icon } from "./icons";
import { LocaleSwitch } from "./locale-switch";
import { PartnerSwitch } from "./partner-switch";
import { Sidebar } from "./sidebar";
import type { ShellViewer } from "./types";
import { UserMenu } from "./user-menu";

/** The cabinet frame: sidebar navigation, a header with partner, language and user menu, then the page. */
export function Shell({ viewer, children }: { viewer: ShellViewer; children: ReactNode }) {
  const t = useTranslations("shell");
  const [menuOpen, setMenuOpen] = useState(false);

  return (
    <div className="min-h-screen md:flex" data-testid="shell">
      <a href="#content" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        {t("skipToContent")}
      </a>
      <Sidebar isAdmin={viewer.isAdmin} open={menuOpen} onClose={() => setMenuOpen(false)} />
      {menuOpen ? <div className="fixed inset-0 z-30 bg-slate-900/40 md:hidden" aria-hidden onClick={() => setMenuOpen(false)} /> : null}
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-20 flex h-14 items-center gap-3 border-b border-slate-200 bg-white/95 px-3 backdrop-blur sm:px-6">
          <button
            type="button"
            data-testid="menu-button"
            aria-controls="sidebar"
            aria-expanded={menuOpen}
            onClick={() => setMenuOpen(true)}
            className="rounded-md p-1.5 text-slate-600 hover:bg-slate-100 md:hidden"
          >
            <Icon name="menu" />
            <span className="sr-only">{t("openMenu")}</span>
          </button>
          <div className="flex min-w-0 flex-1 items-center">
            <PartnerSwitch viewer={viewer} />
          </div>
          <div className="flex shrink-0 items-center gap-2">
            <LocaleSwitch />
            <UserMenu viewer={viewer} />
          </div>
        </header>
        <main id="content" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 sm:px-6 lg:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}
