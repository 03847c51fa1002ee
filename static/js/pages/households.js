// Households: create, rename (owners), members and their roles, invitations shared with the
// Web Share API or copied, revoke, leave. Every change goes through the write API, so it is
// kept on the device when offline and replayed in order.

import { apiFetch, ApiError, currentUserId } from '../api.js';
import { loadHouseholds } from '../households.js';
import { canManage, inviteMessage, ROLE_LABELS, ROLE_POWERS, ROLES } from '../roles.js';
import { syncEvents } from '../sync-engine.js';
import {
  $, clearErrors, confirmDialog, formatDateTime, h, requireAuth, showFieldErrors, showFormError, toast,
} from '../ui.js';
import { pendingCreates, write } from '../writes.js';
import { sentOrQueued, submitError } from './manage-list.js';

const form = $('[data-add-form]');
const list = $('[data-household-list]');
const loadError = $('[data-load-error]');
// Invitations made on this device, per household: the link is only known when it is made.
const INVITES_KEY = 'tracktory.invites';

const messageOf = (err) => (err instanceof ApiError
  ? Object.values(err.details || {}).flat().join(' ') || err.message
  : 'Something went wrong.');

function savedInvites() {
  try {
    const all = JSON.parse(sessionStorage.getItem(INVITES_KEY) || '{}');
    return all && typeof all === 'object' ? all : {};
  } catch {
    return {};
  }
}

function keepInvites(householdId, invites) {
  const all = savedInvites();
  all[householdId] = invites;
  sessionStorage.setItem(INVITES_KEY, JSON.stringify(all));
}

const inviteUrl = (invite) => new URL(invite.url || `/invite/${encodeURIComponent(invite.token)}`, location.origin).href;

const roleOptions = (selected) => ROLES.map((role) => h('option', { value: role, text: ROLE_LABELS[role], selected: role === selected }));

// ---- invitations -------------------------------------------------------------------------

function inviteRow(household, invite, onRevoked) {
  const url = inviteUrl(invite);
  const id = `invite-${invite.token}`;
  const share = h('button', { class: 'button small primary', type: 'button' });
  if (navigator.share) {
    share.textContent = 'Share link';
    share.addEventListener('click', () => navigator.share({
      title: `Join ${household.name} on Tracktory`,
      text: inviteMessage({ householdName: household.name, role: invite.role }),
      url,
    }).catch(() => {}));
  } else {
    share.textContent = 'Copy link';
    share.dataset.copyInvite = '';
    share.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(url);
        toast('Link copied.');
      } catch {
        $(`#${CSS.escape(id)}`).select();
        toast('Select the link and copy it.');
      }
    });
  }
  const revoke = h('button', { class: 'button small danger', type: 'button', text: 'Revoke', 'aria-label': `Revoke the ${ROLE_LABELS[invite.role] || ''} invitation` });
  revoke.addEventListener('click', async () => {
    try {
      await sentOrQueued(write({ kind: 'invite', op: 'delete', householdId: household.id, id: invite.token, label: `invitation to ${household.name}` }));
      toast('Invitation revoked.');
      onRevoked(invite);
    } catch (err) {
      toast(messageOf(err));
    }
  });
  return h('li', { class: 'invite-row', dataset: { inviteToken: invite.token } },
    h('label', { for: id, text: `${ROLE_LABELS[invite.role] || invite.role} link${invite.expiresAt ? `, valid until ${formatDateTime(invite.expiresAt)}` : ''}` }),
    h('input', { id, type: 'url', readonly: true, value: url, 'data-invite-url': true }),
    h('div', { class: 'actions' }, share, revoke));
}

function invitePanel(household) {
  const invites = (savedInvites()[household.id] || []).filter((invite) => !invite.expiresAt || new Date(invite.expiresAt) > new Date());
  const listNode = h('ul', { class: 'invite-list', 'aria-label': `Invitations to ${household.name}` });
  const redraw = () => {
    keepInvites(household.id, invites);
    listNode.replaceChildren(...invites.map((invite) => inviteRow(household, invite, (gone) => {
      invites.splice(invites.indexOf(gone), 1);
      redraw();
    })));
  };
  const add = (invite) => {
    invites.push(invite);
    redraw();
  };
  const selectId = `invite-role-${household.id}`;
  const role = h('select', { id: selectId, name: 'role' }, roleOptions('editor'));
  const note = h('p', { class: 'hint', text: ROLE_POWERS.editor });
  role.addEventListener('change', () => { note.textContent = ROLE_POWERS[role.value]; });
  const create = h('form', { class: 'invite-form', 'data-invite-form': true },
    h('div', { class: 'field' }, h('label', { for: selectId, text: 'Invite someone as' }), role, note),
    h('button', { class: 'button', type: 'submit', text: 'Create invitation link' }));
  create.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const result = await sentOrQueued(write({
        kind: 'invite', op: 'create', householdId: household.id, body: { role: role.value },
        label: `${ROLE_LABELS[role.value].toLowerCase()} invitation to ${household.name}`,
      }));
      if (result.status === 'queued') {
        toast('Saved on this device: the link is made when you are back online.');
      } else {
        add(result.data);
        toast('Invitation ready: share the link.');
      }
    } catch (err) {
      toast(messageOf(err));
    }
  });
  redraw();
  return h('section', { class: 'invites', 'aria-label': `Invite to ${household.name}` }, create, listNode);
}

// ---- members -----------------------------------------------------------------------------

function memberRow(household, member, me, reload) {
  const who = member.name ? `${member.name} (${member.email})` : member.email;
  const isMe = member.userId === me;
  const label = isMe ? `${who}, you` : who;
  const row = h('li', { class: 'member-row', dataset: { memberId: member.userId } },
    h('span', { class: 'name', text: label }));
  const change = (body) => sentOrQueued(write({
    kind: 'member', op: 'update', householdId: household.id, id: member.userId, body, label: `${who} in ${household.name}`,
  }));
  if (canManage(household.role)) {
    const selectId = `role-${household.id}-${member.userId}`;
    const select = h('select', { id: selectId, name: 'role' }, roleOptions(member.role));
    select.addEventListener('change', async () => {
      try {
        await change({ role: select.value });
        toast(`${who} is now ${ROLE_LABELS[select.value].toLowerCase()}.`);
        reload();
      } catch (err) {
        select.value = member.role;
        toast(messageOf(err));
      }
    });
    row.append(h('label', { class: 'visually-hidden', for: selectId, text: `Role of ${who}` }), select);
  } else {
    row.append(h('span', { class: 'role-badge', text: ROLE_LABELS[member.role] || member.role }));
  }
  if (canManage(household.role) && !isMe) {
    const remove = h('button', { class: 'button small danger', type: 'button', text: 'Remove', 'aria-label': `Remove ${who}` });
    remove.addEventListener('click', async () => {
      if (!(await confirmDialog({ title: `Remove ${who}?`, message: `They lose access to “${household.name}” at once.`, confirmLabel: 'Remove' }))) return;
      try {
        await sentOrQueued(write({ kind: 'member', op: 'delete', householdId: household.id, id: member.userId, label: `${who} from ${household.name}` }));
        toast(`Removed ${who}.`);
        reload();
      } catch (err) {
        toast(messageOf(err));
      }
    });
    row.append(remove);
  }
  return row;
}

function membersPanel(household, reload) {
  const listNode = h('ul', { class: 'member-list', 'aria-label': `Members of ${household.name}` });
  const details = h('details', { class: 'members', 'data-members': true },
    h('summary', { text: `Members (${household.memberCount ?? '…'})` }), listNode);
  details.addEventListener('toggle', async () => {
    if (!details.open || listNode.dataset.loaded) return;
    listNode.dataset.loaded = 'true';
    listNode.replaceChildren(h('li', { text: 'Loading…' }));
    try {
      const { data } = await apiFetch(`/api/households/${encodeURIComponent(household.id)}/members`);
      const me = currentUserId();
      listNode.replaceChildren(...(data || []).map((member) => memberRow(household, member, me, reload)));
    } catch (err) {
      delete listNode.dataset.loaded;
      listNode.replaceChildren(h('li', { text: err.status === 0 ? 'Members need a connection.' : 'Could not load the members.' }));
    }
  });
  return details;
}

// ---- one household -----------------------------------------------------------------------

function renameForm(household, heading, reload) {
  const inputId = `rename-${household.id}`;
  const input = h('input', { id: inputId, name: 'name', value: household.name, maxlength: 100, required: true });
  const cancel = h('button', { class: 'button small', type: 'button', text: 'Cancel' });
  const formNode = h('form', { class: 'rename-form' },
    h('label', { class: 'visually-hidden', for: inputId, text: `New name for ${household.name}` }), input,
    h('button', { class: 'button small primary', type: 'submit', text: 'Save' }), cancel);
  cancel.addEventListener('click', () => formNode.replaceWith(heading));
  formNode.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) return;
    try {
      await sentOrQueued(write({ kind: 'household', op: 'update', id: household.id, body: { name } }));
      toast('Renamed.');
      reload();
    } catch (err) {
      toast(messageOf(err));
      input.focus();
    }
  });
  return { formNode, input };
}

function householdCard(household, reload) {
  const role = ROLE_LABELS[household.role] || household.role;
  const facts = [role, household.pending ? 'waiting to sync' : null,
    household.isPersonal ? 'personal' : null,
    household.memberCount ? `${household.memberCount} member${household.memberCount === 1 ? '' : 's'}` : null].filter(Boolean);
  const heading = h('div', { class: 'household-head' },
    h('h3', { class: 'name', text: household.name }),
    h('span', { class: 'muted', 'data-role': household.role, text: facts.join(' · ') }));
  const card = h('li', { class: 'panel household', dataset: { householdId: household.id } }, heading);
  if (household.pending) return card;
  const actions = h('div', { class: 'actions' });
  if (canManage(household.role)) {
    const rename = h('button', { class: 'button small', type: 'button', text: 'Rename', 'aria-label': `Rename ${household.name}` });
    rename.addEventListener('click', () => {
      const { formNode, input } = renameForm(household, heading, reload);
      heading.replaceWith(formNode);
      input.focus();
      input.select();
    });
    actions.append(rename);
  }
  if (!household.isPersonal) {
    const leave = h('button', { class: 'button small danger', type: 'button', text: 'Leave', 'aria-label': `Leave ${household.name}` });
    leave.addEventListener('click', async () => {
      if (!(await confirmDialog({ title: `Leave “${household.name}”?`, message: 'You will no longer see its items.', confirmLabel: 'Leave' }))) return;
      try {
        await sentOrQueued(write({ kind: 'member', op: 'delete', householdId: household.id, id: currentUserId(), label: `your membership of ${household.name}` }));
        toast(`You left “${household.name}”.`);
        reload();
      } catch (err) {
        toast(messageOf(err));
      }
    });
    actions.append(leave);
  }
  card.append(actions, membersPanel(household, reload));
  if (canManage(household.role)) card.append(invitePanel(household));
  return card;
}

async function reload() {
  loadError.hidden = true;
  const [households, pending] = await Promise.all([
    loadHouseholds({ fresh: true }),
    pendingCreates('household').catch(() => []),
  ]);
  list.removeAttribute('aria-busy');
  if (households === null) {
    loadError.textContent = 'Could not load your households. Check your connection.';
    loadError.hidden = false;
  }
  const rows = [...(households || []), ...pending.map((row) => ({ ...row, role: 'owner', memberCount: 1 }))];
  rows.sort((a, b) => Number(Boolean(b.isPersonal)) - Number(Boolean(a.isPersonal)) || a.name.localeCompare(b.name));
  // Members lists open before stay open (and reload) after a change.
  const open = new Set([...list.querySelectorAll('.household')]
    .filter((card) => card.querySelector('details[open]')).map((card) => card.dataset.householdId));
  list.replaceChildren(...rows.map((household) => householdCard(household, reload)));
  for (const card of list.querySelectorAll('.household')) {
    const details = card.querySelector('details');
    if (details && open.has(card.dataset.householdId)) details.open = true;
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form);
  const name = form.name.value.trim();
  if (!name) {
    showFieldErrors(form, { name: ['Give the household a name.'] });
    return;
  }
  try {
    const result = await sentOrQueued(write({ kind: 'household', op: 'create', body: { name } }));
    toast(result.status === 'queued' ? `Created “${name}” on this device; it syncs when online.` : `Created “${name}”.`);
    form.name.value = '';
    reload();
  } catch (err) {
    submitError(form, err, 'Could not create the household.', { showFieldErrors, showFormError });
  }
});

if (requireAuth()) {
  reload();
  syncEvents.addEventListener('synced', (event) => {
    const { entry, data } = event.detail;
    // A link queued offline is made when the queue replays: show it with the others.
    if (entry.kind === 'invite' && entry.op === 'create' && data && data.token) {
      keepInvites(entry.householdId, [...(savedInvites()[entry.householdId] || []), data]);
    }
    if (['household', 'member', 'invite'].includes(entry.kind)) reload();
  });
}
