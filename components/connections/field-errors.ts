import { TRPCClientError } from "@trpc/client";

/** Field errors as the API sends them: { field: ["message key", …] }. */
export type FieldErrors = Record<string, string[]>;

function isFieldErrors(v: unknown): v is FieldErrors {
  return (
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).every((x) => Array.isArray(x) && x.every((m) => typeof m === "string"))
  );
}

/**
 * Reads field errors from a failed mutation: zod input errors arrive in `data.fieldErrors`, the manifest check's
 * errors as a JSON message on a BAD_REQUEST. Anything else is not a field error (null).
 */
export function fieldErrorsOf(err: unknown): FieldErrors | null {
  if (!(err instanceof TRPCClientError)) return null;
  const data = err.data as { code?: string; fieldErrors?: unknown } | undefined;
  if (isFieldErrors(data?.fieldErrors) && Object.keys(data.fieldErrors).length) return data.fieldErrors;
  if (data?.code !== "BAD_REQUEST") return null;
  try {
    const parsed: unknown = JSON.parse(err.message);
    return isFieldErrors(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** The API error code of a failed query or mutation ("NOT_FOUND", "BAD_REQUEST", …), if it has one. */
export function errorCodeOf(err: unknown): string | undefined {
  if (!(err instanceof TRPCClientError)) return undefined;
  return (err.data as { code?: string } | undefined)?.code;
}
