// Search highlights, inserted safely. The API sends HTML-escaped text with <em> around
// matches. It is split into plain segments ({text, em}) without ever being parsed as HTML
// by the browser: every tag but <em> is dropped (its text kept), so nothing else (tags,
// attributes, handlers) can reach the page; the segments go in as text nodes.
// The segmenting is pure (importable in node); only `render*` touch the DOM.

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === '#') {
      const code = name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The API's highlight HTML as [{text, em}]: text outside tags, `em` inside <em>. */
export function highlightSegments(html) {
  const segments = [];
  const tag = /<(\/?)([a-zA-Z][\w-]*)[^>]*>|<!--[\s\S]*?-->/g;
  let depth = 0;
  let from = 0;
  const push = (raw) => {
    const text = decodeEntities(raw);
    if (text) segments.push({ text, em: depth > 0 });
  };
  const source = String(html || '');
  for (const match of source.matchAll(tag)) {
    push(source.slice(from, match.index));
    from = match.index + match[0].length;
    if (match[2] && match[2].toLowerCase() === 'em') depth = Math.max(0, depth + (match[1] ? -1 : 1));
  }
  push(source.slice(from));
  return segments;
}

/** Plain `text` as [{text, em}] with every case-insensitive occurrence of `query` marked. */
export function matchSegments(text, query) {
  const value = String(text || '');
  const needle = String(query || '').toLowerCase();
  const lower = value.toLowerCase();
  const segments = [];
  let from = 0;
  let at = needle ? lower.indexOf(needle) : -1;
  while (at !== -1) {
    if (at > from) segments.push({ text: value.slice(from, at), em: false });
    segments.push({ text: value.slice(at, at + needle.length), em: true });
    from = at + needle.length;
    at = lower.indexOf(needle, from);
  }
  if (from < value.length || !segments.length) segments.push({ text: value.slice(from), em: false });
  return segments;
}

function fragmentOf(segments) {
  const fragment = document.createDocumentFragment();
  for (const { text, em } of segments) {
    if (!em) {
      fragment.append(document.createTextNode(text));
      continue;
    }
    const node = document.createElement('em');
    node.textContent = text;
    fragment.append(node);
  }
  return fragment;
}

export const renderHighlight = (html) => fragmentOf(highlightSegments(html));

// Local highlighting for offline results: plain text with <em> around the query.
export const highlightText = (text, query) => fragmentOf(matchSegments(text, query));
