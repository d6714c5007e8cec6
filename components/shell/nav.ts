import type { IconName } from "./icons";

export interface NavItem {
  /** key in the `nav` messages and the data-testid suffix (nav-<key>) */
  key: "dashboard" | "connections" | "products" | "orders" | "jobs" | "activity" | "webhooks" | "settings" | "admin";
  href: string;
  icon: IconName;
  adminOnly?: boolean;
}

export const NAV: readonly NavItem[] = [
  { key: "dashboard", href: "/dashboard", icon: "dashboard" },
  { key: "connections", href: "/connections", icon: "connections" },
  { key: "products", href: "/products", icon: "products" },
  { key: "orders", href: "/orders", icon: "orders" },
  { key: "jobs", href: "/jobs", icon: "jobs" },
  { key: "activity", href: "/activity", icon: "activity" },
  { key: "webhooks", href: "/webhooks", icon: "webhooks" },
  { key: "settings", href: "/settings", icon: "settings" },
  { key: "admin", href: "/admin", icon: "admin", adminOnly: true },
];

export const isActive = (pathname: string, href: string) => pathname === href || pathname.startsWith(`${href}/`);
