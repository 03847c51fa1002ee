// Photos: shrunk on the device before upload, then sign -> upload (XHR, for progress)
// -> confirm, retried on network or server failures.

import { apiFetch, ApiError } from './api.js';

export const MAX_EDGE = 2048;
const QUALITY = 0.85;

async function decode(file) {
  if ('createImageBitmap' in window) {
    try {
      return await createImageBitmap(file, { imageOrientation: 'from-image' });
    } catch {
      // Some browsers refuse the options bag or the format; fall back to <img>.
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}

// Re-encodes as JPEG with the longest edge at most MAX_EDGE px (never upscaled). Besides
// the bytes this saves, re-encoding drops EXIF, GPS position included.
export async function shrinkImage(file, maxEdge = MAX_EDGE) {
  const source = await decode(file);
  const width = source.width || source.naturalWidth;
  const height = source.height || source.naturalHeight;
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff'; // transparent PNGs become white, not black, as JPEG
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(source, 0, 0, w, h);
  if (source.close) source.close();
  const blob = await new Promise((resolve, reject) => {
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('Could not encode the photo.'))), 'image/jpeg', QUALITY);
  });
  const name = `${(file.name || 'photo').replace(/\.[^.]+$/, '') || 'photo'}.jpg`;
  return { blob, width: w, height: h, name };
}

function postForm(url, fields, blob, name, onProgress, { method = 'POST', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields || {})) form.append(key, value);
    form.append('file', blob, name);
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [key, value] of Object.entries(headers || {})) xhr.setRequestHeader(key, value);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(new ApiError(xhr.status >= 500 ? 'UPLOAD_FAILED' : 'UPLOAD_REJECTED', `The upload was refused (${xhr.status}).`, { status: xhr.status }));
    });
    xhr.addEventListener('error', () => reject(new ApiError('NETWORK_ERROR', 'The upload lost its connection.', { status: 0 })));
    xhr.addEventListener('abort', () => reject(new ApiError('NETWORK_ERROR', 'The upload was interrupted.', { status: 0 })));
    // PUT (stores without form uploads, e.g. R2): the raw bytes; POST: the signed form.
    xhr.send(method === 'PUT' ? blob : form);
  });
}

const retryable = (err) => err instanceof ApiError && (err.status === 0 || err.status >= 500 || err.status === 429);
const wait = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// One photo for one item. `onProgress(fraction, phase)`; resolves to the API's image.
export async function uploadPhoto(itemId, { blob, name }, { onProgress = () => {}, attempts = 3 } = {}) {
  let lastError = null;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (attempt) await wait(1000 * 2 ** (attempt - 1));
    try {
      onProgress(0, 'sign');
      const { data: signed } = await apiFetch(`/api/items/${itemId}/images/sign`, {
        method: 'POST', body: { contentType: blob.type || 'image/jpeg', fileName: name, size: blob.size },
      });
      await postForm(signed.uploadUrl, signed.fields, blob, name, (f) => onProgress(f * 0.9, 'upload'), signed);
      onProgress(0.95, 'confirm');
      const { data: image } = await apiFetch(`/api/items/${itemId}/images/confirm`, {
        method: 'POST', body: { objectKey: signed.objectKey },
      });
      onProgress(1, 'done');
      return image;
    } catch (err) {
      lastError = err;
      if (!retryable(err)) break;
    }
  }
  throw lastError;
}
