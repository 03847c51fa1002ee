import { apiFetch, signOut } from '../api.js';
import { $, $$, requireAuth, setBusy, toast } from '../ui.js';

async function exportAs(format, button) {
  setBusy(button, true, 'Preparing…');
  try {
    const response = await apiFetch(`/api/export?format=${format}`, { raw: true });
    const blob = await response.blob();
    const disposition = response.headers.get('Content-Disposition') || '';
    const match = disposition.match(/filename="?([^";]+)"?/);
    const name = match ? match[1] : `tracktory-${new Date().toISOString().slice(0, 10)}.${format}`;
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    toast(`Exported ${name}.`);
  } catch (err) {
    toast(err.status === 0 ? 'Export needs a connection.' : 'Export failed. Please try again.');
  } finally {
    setBusy(button, false);
  }
}

if (requireAuth()) {
  apiFetch('/api/auth/user').then(({ data }) => {
    $('[data-user-name]').textContent = data.name || data.email;
    $('[data-user-email]').textContent = data.email;
  }, () => { $('[data-user-name]').textContent = 'Offline'; });

  for (const button of $$('[data-export]')) {
    button.addEventListener('click', () => exportAs(button.dataset.export, button));
  }
  $('[data-sign-out]').addEventListener('click', async (event) => {
    setBusy(event.currentTarget, true, 'Signing out…');
    await signOut();
    location.replace('/login');
  });
}
