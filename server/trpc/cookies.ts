/** The cabinet remembers which partner a multi-partner user is looking at. */
export const PARTNER_COOKIE = "kervan_partner";
export const LOCALE_COOKIE = "kervan_locale";
