// `pattern` attributes of the forms. Chromium compiles them with the `v` flag (unicodeSets), where a
// bare "-" in a class is a syntax error, and an invalid pattern makes the browser check nothing at all.

/** What the browser checks of an organization name before the server does (API.md: 2-63, letters, digits, dashes). */
export const ORG_NAME_PATTERN = '[A-Za-z0-9\\-]{2,63}';
