// Search highlights, inserted safely. The API sends HTML-escaped text with <em> around
// matches; we parse it in an inert <template> and rebuild only text and <em> nodes, so
// nothing else (tags, attributes, handlers) can ever reach the page.

function rebuild(node, target) {
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) {
      target.append(document.createTextNode(child.textContent));
    } else if (child.nodeType === Node.ELEMENT_NODE && child.tagName === 'EM') {
      const em = document.createElement('em');
      em.textContent = child.textContent;
      target.append(em);
    } else if (child.nodeType === Node.ELEMENT_NODE) {
      rebuild(child, target); // unknown tag: keep its text only
    }
  }
}

export function renderHighlight(html) {
  const template = document.createElement('template');
  template.innerHTML = String(html || '');
  const fragment = document.createDocumentFragment();
  rebuild(template.content, fragment);
  return fragment;
}

// Local highlighting for offline results: plain text with <em> around the query.
export function highlightText(text, query) {
  const fragment = document.createDocumentFragment();
  const value = String(text || '');
  const lower = value.toLowerCase();
  const needle = query.toLowerCase();
  let from = 0;
  let at = needle ? lower.indexOf(needle) : -1;
  while (at !== -1) {
    fragment.append(document.createTextNode(value.slice(from, at)));
    const em = document.createElement('em');
    em.textContent = value.slice(at, at + needle.length);
    fragment.append(em);
    from = at + needle.length;
    at = lower.indexOf(needle, from);
  }
  fragment.append(document.createTextNode(value.slice(from)));
  return fragment;
}
