"use client";

import { TRPCClientError } from "@trpc/client";
import { useTranslations } from "next-intl";
import { useCallback } from "react";

/** Server errors carry message keys ("validation.email", "errors.lastOwner"); anything else falls back by code. */
const MESSAGE_KEY = /^[a-z][A-Za-z]*(\.[A-Za-z][A-Za-z0-9-]*)+$/;

function keyOfError(err: unknown): string {
  if (err instanceof TRPCClientError) {
    if (MESSAGE_KEY.test(err.message)) return err.message;
    const code = (err.data as { code?: string } | undefined)?.code;
    if (code === "FORBIDDEN") return "errors.forbidden";
    if (code === "NOT_FOUND") return "errors.notFound";
    if (code === "UNAUTHORIZED") return "errors.unauthorized";
    if (code === "TOO_MANY_REQUESTS") return "errors.rateLimited";
  }
  return "errors.generic";
}

/** Field errors of a failed tRPC call: { field: ["message key", …] }, or null. */
export function fieldErrorsOf(err: unknown): Record<string, string[]> | null {
  if (!(err instanceof TRPCClientError)) return null;
  return ((err.data as { fieldErrors?: Record<string, string[]> | null } | undefined)?.fieldErrors ?? null) || null;
}

/** Translates a message key from the server; unknown keys become the generic error, never a raw key. */
export function useMessage() {
  const t = useTranslations();
  return useCallback((key: string | undefined | null) => (key && t.has(key) ? t(key) : t("errors.generic")), [t]);
}

/** Translates a thrown error (tRPC or other) into one user-facing sentence. */
export function useErrorMessage() {
  const message = useMessage();
  return useCallback((err: unknown) => message(keyOfError(err)), [message]);
}
