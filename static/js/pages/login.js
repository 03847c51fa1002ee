import { apiFetch, ApiError, getTokens, setTokens } from '../api.js';
import { $, clearErrors, keepNext, safeNext, setBusy, showFieldErrors, showFormError } from '../ui.js';

const form = $('[data-login-form]');
keepNext();

if (getTokens()) location.replace(safeNext());

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form);
  if (!form.reportValidity()) return;
  const button = $('button[type=submit]', form);
  setBusy(button, true, 'Signing in…');
  try {
    const { data } = await apiFetch('/api/auth/token', {
      method: 'POST', auth: false,
      body: { email: form.email.value.trim(), password: form.password.value },
    });
    setTokens(data);
    location.assign(safeNext());
  } catch (err) {
    setBusy(button, false);
    if (err instanceof ApiError && err.status === 400 && Object.keys(err.details).length) {
      showFieldErrors(form, err.details, err.message);
    } else if (err instanceof ApiError && err.status === 401) {
      showFormError(form, 'That email and password do not match an account.');
      form.password.focus();
    } else if (err instanceof ApiError && err.status === 429) {
      showFormError(form, 'Too many attempts. Please wait a minute and try again.');
    } else {
      showFormError(form, err instanceof ApiError && err.status === 0
        ? 'You seem to be offline. Sign in needs a connection.'
        : 'Something went wrong. Please try again.');
    }
  }
});
