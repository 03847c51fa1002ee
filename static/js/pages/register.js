import { apiFetch, ApiError, setTokens } from '../api.js';
import { $, clearErrors, flash, keepNext, safeNext, setBusy, showFieldErrors, showFormError } from '../ui.js';

const form = $('[data-register-form]');
keepNext();

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form);
  if (!form.reportValidity()) return;
  const button = $('button[type=submit]', form);
  setBusy(button, true, 'Creating account…');
  const credentials = { email: form.email.value.trim(), password: form.password.value };
  try {
    const { data } = await apiFetch('/api/auth/register', {
      method: 'POST', auth: false, body: { ...credentials, name: form.name.value.trim() },
    });
    if (data && (data.access || data.accessToken || data.tokens)) {
      setTokens(data);
    } else {
      setTokens((await apiFetch('/api/auth/token', { method: 'POST', auth: false, body: credentials })).data);
    }
    flash('Welcome to Tracktory!');
    location.assign(safeNext());
  } catch (err) {
    setBusy(button, false);
    if (err instanceof ApiError && (err.status === 400 || err.status === 409)) {
      showFieldErrors(form, err.details, err.message);
    } else if (err instanceof ApiError && err.status === 429) {
      showFormError(form, 'Too many attempts. Please wait a minute and try again.');
    } else {
      showFormError(form, err instanceof ApiError && err.status === 0
        ? 'You seem to be offline. Creating an account needs a connection.'
        : 'Something went wrong. Please try again.');
    }
  }
});
