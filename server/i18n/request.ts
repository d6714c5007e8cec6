import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE } from "@/server/trpc/cookies";
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "./config";
import { loadMessages } from "./messages";

/** Locale: the cabinet's cookie, else the browser's Accept-Language, else English. */
export default getRequestConfig(async () => {
  const fromCookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  let locale: Locale = isLocale(fromCookie) ? fromCookie : DEFAULT_LOCALE;
  if (!isLocale(fromCookie)) {
    const accept = (await headers()).get("accept-language") ?? "";
    const preferred = accept
      .split(",")
      .map((p) => p.split(";")[0]!.trim().slice(0, 2).toLowerCase())
      .find((l) => (LOCALES as readonly string[]).includes(l));
    if (isLocale(preferred)) locale = preferred;
  }
  return { locale, messages: await loadMessages(locale), timeZone: "UTC" };
});
