"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { signOutAction } from "@/app/(auth)/actions";
import { Icon } from "./icons";
import type { ShellViewer } from "./types";

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("") || "?";

export function UserMenu({ viewer }: { viewer: ShellViewer }) {
  const t = useTranslations("shell");
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div className="relative" ref={ref}>
      <button
        type="button"
        data-testid="user-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded-full p-0.5 pr-1 text-sm text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 sm:pr-2"
      >
        <span className="flex h-8 w-8 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-700">{initials(viewer.name)}</span>
        <span className="hidden max-w-32 truncate font-medium lg:inline">{viewer.name}</span>
        <Icon name="chevronDown" className="hidden h-4 w-4 text-slate-500 sm:block" />
        <span className="sr-only">{t("userMenu")}</span>
      </button>
      {open ? (
        <div role="menu" className="absolute right-0 z-50 mt-2 w-64 rounded-lg border border-slate-200 bg-white py-1 shadow-lg">
          <div className="border-b border-slate-100 px-4 py-3">
            <p className="text-xs text-slate-500">{t("signedInAs")}</p>
            <p className="truncate text-sm font-medium text-slate-900">{viewer.name}</p>
            <p className="truncate text-xs text-slate-600" data-testid="user-email">
              {viewer.email}
            </p>
          </div>
          <Link href="/settings" role="menuitem" onClick={() => setOpen(false)} className="flex items-center gap-2 px-4 py-2 text-sm text-slate-700 hover:bg-slate-50">
            <Icon name="settings" className="h-4 w-4 text-slate-500" />
            {t("settings")}
          </Link>
          <form action={signOutAction}>
            <button type="submit" role="menuitem" data-testid="sign-out" className="flex w-full items-center gap-2 px-4 py-2 text-left text-sm text-slate-700 hover:bg-slate-50">
              <Icon name="signOut" className="h-4 w-4 text-slate-500" />
              {t("signOut")}
            </button>
          </form>
        </div>
      ) : null}
    </div>
  );
}
