/**
 * Laravel's expectsJson(): the highest-ranked Accept type (by q, header order breaking ties)
 * contains /json or +json, or the request is XHR (not PJAX) and accepts anything.
 */
export function expectsJson(headers: Record<string, string | undefined>): boolean {
  const accept = headers['accept'] ?? '';
  const ranked = accept
    .split(',')
    .map((part, position) => {
      const [type = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1, position };
    })
    .filter((entry) => entry.type !== '' && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q || a.position - b.position);
  const top = ranked[0]?.type ?? '';
  if (top.includes('/json') || top.includes('+json')) return true;
  const xhr = headers['x-requested-with'] === 'XMLHttpRequest' && headers['x-pjax'] === undefined;
  const acceptsAny = ranked.length === 0 || top === '*/*' || top === '*';
  return xhr && acceptsAny;
}
