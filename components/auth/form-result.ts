import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { FormResult } from "@/app/(auth)/actions";

/** Puts a server action's message keys on the form: known fields get their error, the rest goes to the form. */
export function applyFormResult<T extends FieldValues>(
  result: FormResult | undefined,
  fields: readonly Path<T>[],
  setError: UseFormSetError<T>,
  setFormError: (key: string | undefined) => void,
) {
  if (!result) return;
  let formError = result.formError;
  for (const [field, keys] of Object.entries(result.fieldErrors ?? {})) {
    if ((fields as readonly string[]).includes(field)) setError(field as Path<T>, { type: "server", message: keys[0] });
    else formError ??= keys[0];
  }
  setFormError(formError);
}
