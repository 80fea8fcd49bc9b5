// Hash parsing, kept apart from app.js (which boots the page on import) so it can be unit-tested.

/** '#/work/s1?task=t1' → {segments: ['work', 's1'], query: URLSearchParams('task=t1')} */
export function parseHash(hash) {
  const raw = String(hash ?? '').replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { segments, query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}
