// An invitation link, opened by anyone: it shows the household and the role offered, asks
// a signed-out visitor to sign in or register (and brings them back here), then accepts.

import { apiFetch, ApiError, getTokens } from '../api.js';
import { rememberSelection } from '../households.js';
import { ROLE_LABELS, ROLE_POWERS } from '../roles.js';
import { forgetCachedReads } from '../sw-client.js';
import { $, $$, flash, setBusy } from '../ui.js';

const section = $('[data-invite]');
const token = section.dataset.token;
const summary = $('[data-invite-summary]');
const errorLine = $('[data-invite-error]');
const here = `/invite/${encodeURIComponent(token)}`;

function showError(message) {
  errorLine.textContent = message;
  errorLine.hidden = false;
}

function showInvite(invite) {
  const name = invite.householdName || (invite.household && invite.household.name) || invite.name || 'a household';
  const role = invite.role;
  $('[data-invite-title]').textContent = `Join “${name}”`;
  summary.textContent = `You are invited to join “${name}” as ${(ROLE_LABELS[role] || role || 'member').toLowerCase()}.`;
  const powers = $('[data-invite-powers]');
  if (ROLE_POWERS[role]) {
    powers.textContent = `${ROLE_LABELS[role]}: ${ROLE_POWERS[role]}.`;
    powers.hidden = false;
  }
}

function askToSignIn(known) {
  if (!known) summary.textContent = 'Sign in or register to join this household.';
  else summary.append(' Sign in or register to join.');
  for (const link of $$('[data-keep-invite]')) link.href = `${link.pathname}?next=${encodeURIComponent(here)}`;
  $('[data-invite-signin]').hidden = false;
}

async function accept(event) {
  const button = event.currentTarget;
  setBusy(button, true, 'Joining…');
  errorLine.hidden = true;
  try {
    const { data } = await apiFetch(`/api/invites/${encodeURIComponent(token)}/accept`, { method: 'POST', body: {} });
    if (data && data.id) rememberSelection(data.id);
    // Joining changes what every list shows: no cached read from before may answer.
    await forgetCachedReads(['/api/']).catch(() => {});
    flash(`You joined “${(data && data.name) || 'the household'}”.`);
    location.assign('/');
  } catch (err) {
    setBusy(button, false);
    if (err instanceof ApiError && err.status === 404) showError('This invitation was used, revoked or has expired. Ask for a new one.');
    else if (err instanceof ApiError && err.status === 401) askToSignIn(true);
    else if (err instanceof ApiError && err.status === 0) showError('Joining needs a connection. Try again when you are online.');
    else showError((err && err.message) || 'Could not join. Please try again.');
  }
}

async function start() {
  const signedIn = Boolean(getTokens());
  try {
    const { data } = await apiFetch(`/api/invites/${encodeURIComponent(token)}`, { auth: signedIn });
    showInvite(data || {});
    if (signedIn) {
      $('[data-invite-accept]').hidden = false;
      $('[data-accept]').addEventListener('click', accept);
    } else {
      askToSignIn(true);
    }
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      askToSignIn(false);
    } else if (err instanceof ApiError && err.status === 404) {
      summary.textContent = 'This invitation was used, revoked or has expired.';
      showError('Ask the household’s owner for a new link.');
    } else {
      summary.textContent = 'Could not open the invitation.';
      showError(err instanceof ApiError && err.status === 0
        ? 'You seem to be offline. Opening an invitation needs a connection.'
        : 'Something went wrong. Please try again.');
    }
  } finally {
    section.removeAttribute('aria-busy');
  }
}

start();
