"use client";

import { useTranslations } from "next-intl";
import { useCallback } from "react";

/** A job's type in the seller's words ("Connection test"); a type the catalogues do not know yet shows its id. */
export function useJobTypeLabel() {
  const t = useTranslations("jobs.types");
  return useCallback((type: string) => (t.has(type) ? t(type) : type), [t]);
}
