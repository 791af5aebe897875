// The answers Laravel gives a client that does not expect JSON (no `application/json` Accept):
// redirects and a bare HTML error page. Shared by every profile's pipeline; only the redirect
// page's markup differs with the Symfony version the panel ships.
import type { OutgoingResponse } from './messages.ts';

/**
 * RedirectResponse's page: Symfony 4.1 (panel 0.7) writes the bare URL, Symfony 6 (panel 1.x) adds
 * a charset meta and quotes it.
 */
export type RedirectPageStyle = 'symfony-4' | 'symfony-6';

/** A 302 to `to` with RedirectResponse's HTML body. */
export function redirectAnswer(to: string, style: RedirectPageStyle): OutgoingResponse {
  return { status: 302, headers: { Location: to, 'Content-Type': 'text/html; charset=UTF-8' }, body: redirectPage(to, style) };
}

/** The HTML error page in place of a rendered JSON error: its status and headers, an HTML body. */
export function htmlErrorAnswer(rendered: { status: number; headers: Record<string, string> }): OutgoingResponse {
  return {
    status: rendered.status,
    headers: { ...rendered.headers, 'Content-Type': 'text/html; charset=UTF-8' },
    body: `<!DOCTYPE html>\n<html><head><title>Error</title></head><body><h1>${rendered.status}</h1></body></html>\n`,
  };
}

function redirectPage(url: string, style: RedirectPageStyle): string {
  const safe = url.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const head = style === 'symfony-4' ? `<meta http-equiv="refresh" content="0;url=${safe}" />` : `<meta charset="UTF-8" /><meta http-equiv="refresh" content="0;url='${safe}'" />`;
  return `<!DOCTYPE html>\n<html><head>${head}<title>Redirecting to ${safe}</title></head><body>Redirecting to <a href="${safe}">${safe}</a>.</body></html>`;
}

/** TrustProxies: the first X-Forwarded-For address when proxies are trusted, else the peer (without an IPv4-mapped prefix). */
export function clientIpOf(trustProxy: boolean, request: { remoteAddress: string; headers: Record<string, string | undefined> }): string {
  const peer = request.remoteAddress.startsWith('::ffff:') ? request.remoteAddress.slice(7) : request.remoteAddress;
  if (!trustProxy) return peer;
  return request.headers['x-forwarded-for']?.split(',')[0]?.trim() || peer;
}
