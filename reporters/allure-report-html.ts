// The single-file Allure report must open from disk and send nothing anywhere. Allure 3's Awesome
// template always ships a Google Tag Manager tag (analytics) after the report; this removes it, any
// other remote script, stylesheet or font tag, and adds a Content-Security-Policy that lets the
// page load only what it carries inline (data:, blob:), so a remote request the template might add
// later is refused by the browser too. scripts/report.test.ts checks in Chromium that nothing leaves.

/** What the page may load: inline code and data:/blob: URLs only; no network at all. */
export const OFFLINE_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline' 'unsafe-eval' data: blob:",
  "style-src 'unsafe-inline' data: blob:",
  'img-src data: blob:',
  'font-src data: blob:',
  'media-src data: blob:',
  'connect-src data: blob:',
  'worker-src data: blob:',
  'frame-src data: blob:',
  "form-action 'none'",
].join('; ');

const REMOTE = /^\s*(?:https?:)?\/\//i;

export interface SanitizedReport {
  html: string;
  /** One line per removed element (for the command's output). */
  removed: string[];
}

/** The report page without analytics or remote resources, with the offline CSP first in <head>. */
export function sanitizeReportHtml(html: string): SanitizedReport {
  const removed: string[] = [];
  let out = html.replace(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi, (tag, attributes: string, body: string) => {
    const src = attributeOf(attributes, 'src');
    if (src !== undefined && REMOTE.test(src)) {
      removed.push(`remote script ${src}`);
      return '';
    }
    if (src === undefined && /\bgtag\s*\(|\bdataLayer\b|googletagmanager|google-analytics|googleanalytics/i.test(body)) {
      removed.push('inline analytics script (gtag / dataLayer)');
      return '';
    }
    return tag;
  });
  out = out.replace(/<link\b([^>]*)>/gi, (tag, attributes: string) => {
    const href = attributeOf(attributes, 'href');
    if (href !== undefined && REMOTE.test(href)) {
      removed.push(`remote ${attributeOf(attributes, 'rel') ?? 'link'} ${href}`);
      return '';
    }
    return tag;
  });
  out = out.replace(/<iframe\b([^>]*)>[\s\S]*?<\/iframe\s*>/gi, (tag, attributes: string) => {
    const src = attributeOf(attributes, 'src');
    if (src !== undefined && REMOTE.test(src)) {
      removed.push(`remote iframe ${src}`);
      return '';
    }
    return tag;
  });
  const csp = `<meta http-equiv="Content-Security-Policy" content="${OFFLINE_CSP}">`;
  const head = /<head\b[^>]*>/i.exec(out);
  if (!head) throw new Error('the generated report has no <head>: cannot add the offline Content-Security-Policy');
  out = `${out.slice(0, head.index + head[0].length)}\n    ${csp}${out.slice(head.index + head[0].length)}`;
  return { html: out, removed };
}

/** Remote URLs the page would still load by markup (script/link/iframe/img src or href outside inline data). */
export function remoteReferences(html: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(/<(script|link|iframe|img|source|video|audio|embed|object)\b([^>]*)>/gi)) {
    const attributes = match[2] ?? '';
    for (const name of ['src', 'href', 'data']) {
      const value = attributeOf(attributes, name);
      if (value !== undefined && REMOTE.test(value)) found.push(`<${match[1]} ${name}="${value}">`);
    }
  }
  if (/googletagmanager|google-analytics/i.test(html.replace(/data:[a-z/+.-]+;base64,[A-Za-z0-9+/=]+/g, ''))) found.push('an analytics reference (googletagmanager / google-analytics)');
  return found;
}

function attributeOf(attributes: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attributes);
  return match ? (match[1] ?? match[2] ?? match[3] ?? '') : undefined;
}
