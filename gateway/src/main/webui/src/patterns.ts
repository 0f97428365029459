// What the web app accepts of a string before the server does: the `pattern` attributes of the forms, and
// a region taken from a URL. Form patterns: Chromium compiles them with the `v` flag (unicodeSets), where a
// bare "-" in a class is a syntax error, and an invalid pattern makes the browser check nothing at all.

/** What the browser checks of an organization name before the server does (API.md: 2-63, letters, digits, dashes). */
export const ORG_NAME_PATTERN = '[A-Za-z0-9\\-]{2,63}';

/** A region code as the gateway names regions (eu-central-1): what a page takes from its URL as a region. */
const REGION_CODE = /^[a-z0-9-]{1,40}$/;

/**
 * The `region` of a page's query when it is one, else null: the SSO return page is told its region by an
 * IdP-initiated (SAML) sign-in, in a browser that may never have been here to remember one; anything else
 * there (a URL, markup, a long string) is not remembered.
 */
export function regionOfQuery(query: URLSearchParams): string | null {
  const region = query.get('region');
  return region !== null && REGION_CODE.test(region) ? region : null;
}
