// The item detail gallery: swipe (CSS scroll snap), arrows, keyboard, full screen, and
// a progressive load: the placeholder rendition first, the inline one once it has loaded,
// the fullscreen one in full screen. Which image field fills each role comes from the
// server's rendition table, as data-rendition-<role> attributes on the gallery element.

import { $, h } from './ui.js';

function upgrade(img, url) {
  if (!url || img.dataset.loaded === url) return;
  const next = new Image();
  next.decoding = 'async';
  next.src = url;
  next.decode().then(() => {
    img.src = url;
    img.dataset.loaded = url;
    img.classList.remove('loading-hd');
  }, () => img.classList.remove('loading-hd'));
}

export function mountGallery(root, images, { itemName = 'Item' } = {}) {
  const track = $('[data-gallery-track]', root);
  const prev = $('[data-gallery-prev]', root);
  const next = $('[data-gallery-next]', root);
  const count = $('[data-gallery-count]', root);
  const fullscreenButton = $('[data-gallery-fullscreen]', root);
  const total = images.length;
  let index = 0;
  // The first URL the image has among the roles asked for, in that order.
  const urlFor = (image, ...roles) => roles
    .map((role) => image[root.dataset[`rendition${role}`]])
    .find(Boolean) || '';

  const slides = images.map((image, i) => {
    const img = h('img', {
      src: urlFor(image, 'Placeholder', 'Inline'),
      crossorigin: 'anonymous', // CORS mode: the worker can cache photos from object storage
      alt: image.altText || `${itemName}, photo ${i + 1} of ${total}`,
      width: image.width || 800,
      height: image.height || 600,
      class: urlFor(image, 'Placeholder') ? 'loading-hd' : null,
      decoding: 'async',
      loading: i === 0 ? 'eager' : 'lazy',
      fetchpriority: i === 0 ? 'high' : null,
    });
    img.dataset.inline = urlFor(image, 'Inline');
    img.dataset.fullscreen = urlFor(image, 'Fullscreen', 'Inline');
    return h('li', { 'aria-roledescription': 'slide', 'aria-label': `${i + 1} of ${total}` }, img);
  });
  track.replaceChildren(...slides);
  root.hidden = false;
  fullscreenButton.hidden = false;

  const isFull = () => document.fullscreenElement === root || root.classList.contains('is-fullscreen');
  const sizeFor = (img) => (isFull() ? img.dataset.fullscreen : img.dataset.inline);

  // Upgrade a slide (and its neighbour) when it comes into view.
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) {
        const img = entry.target.querySelector('img');
        upgrade(img, sizeFor(img));
      }
    }
  }, { root: track, rootMargin: '0px 50%' });
  slides.forEach((slide) => observer.observe(slide));

  function update() {
    count.textContent = total > 1 ? `Photo ${index + 1} of ${total}` : '';
    prev.hidden = next.hidden = total < 2;
    prev.disabled = index === 0;
    next.disabled = index >= total - 1;
  }

  function go(to) {
    index = Math.max(0, Math.min(total - 1, to));
    track.scrollTo({ left: index * track.clientWidth, behavior: 'smooth' });
    update();
  }

  let scrollTimer = null;
  track.addEventListener('scroll', () => {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(() => {
      const at = Math.round(track.scrollLeft / Math.max(1, track.clientWidth));
      if (at !== index) {
        index = at;
        update();
      }
    }, 80);
  }, { passive: true });
  prev.addEventListener('click', () => go(index - 1));
  next.addEventListener('click', () => go(index + 1));
  track.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowLeft') { event.preventDefault(); go(index - 1); }
    if (event.key === 'ArrowRight') { event.preventDefault(); go(index + 1); }
  });

  function onFullscreenChange() {
    const full = isFull();
    fullscreenButton.textContent = full ? 'Exit full screen' : 'Full screen';
    for (const img of track.querySelectorAll('img')) upgrade(img, sizeFor(img));
    // Keep the same photo in view after the track changes size.
    requestAnimationFrame(() => { track.scrollLeft = index * track.clientWidth; });
  }

  fullscreenButton.addEventListener('click', async () => {
    if (isFull()) {
      if (document.fullscreenElement) await document.exitFullscreen();
      root.classList.remove('is-fullscreen');
    } else if (root.requestFullscreen) {
      try {
        await root.requestFullscreen();
      } catch {
        root.classList.add('is-fullscreen'); // iPhone Safari: no element full screen
      }
    } else {
      root.classList.add('is-fullscreen');
    }
    onFullscreenChange();
  });
  document.addEventListener('fullscreenchange', onFullscreenChange);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && root.classList.contains('is-fullscreen')) {
      root.classList.remove('is-fullscreen');
      onFullscreenChange();
    }
  });
  update();
  return { go, get index() { return index; } };
}
