import { createStore } from './store';

export interface Route { path: string; query: URLSearchParams }

function current(): Route {
  return { path: location.pathname.replace(/\/+$/, '') || '/', query: new URLSearchParams(location.search) };
}

export const route = createStore<Route>(current());

addEventListener('popstate', () => route.set(current()));

/** keepFocus: the same screen with another query (e.g. the region), so focus stays where it is. */
export function navigate(to: string, options: { replace?: boolean; keepFocus?: boolean } = {}) {
  if (options.replace) history.replaceState(null, '', to); else history.pushState(null, '', to);
  route.set(current());
  if (options.keepFocus) return;
  // a new screen: put keyboard and screen-reader focus on its heading
  requestAnimationFrame(() => {
    const heading = document.querySelector<HTMLElement>('main h1');
    if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: false }); }
  });
}

/** onClick for <a href> inside the app: client-side navigation, but new tabs still work. */
export function linkHandler(e: MouseEvent) {
  const a = (e.currentTarget as HTMLAnchorElement);
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(a.getAttribute('href') ?? '/');
}
