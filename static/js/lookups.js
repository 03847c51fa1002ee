// Categories and locations, loaded once per page for selects and id -> name labels.

import { apiFetch } from './api.js';
import { asList, h } from './ui.js';

export const isDefaultCategory = (category) =>
  category.isDefault === true || (category.isDefault === undefined && !category.userId && !category.ownerId);

export async function loadCategories() {
  return asList((await apiFetch('/api/categories')).data);
}

export async function loadLocations() {
  return asList((await apiFetch('/api/locations')).data);
}

// Depth-first order with each location's depth, for indented <option>s and trees.
export function locationTree(locations) {
  const byParent = new Map();
  for (const location of locations) {
    const key = location.parentId || '';
    if (!byParent.has(key)) byParent.set(key, []);
    byParent.get(key).push(location);
  }
  const known = new Set(locations.map((l) => l.id));
  const out = [];
  const walk = (parentId, depth) => {
    const children = (byParent.get(parentId) || []).sort((a, b) => a.name.localeCompare(b.name));
    for (const child of children) {
      out.push({ ...child, depth });
      walk(child.id, depth + 1);
    }
  };
  walk('', 0);
  // Orphans (a parent we cannot see) still show, at the top level.
  for (const location of locations) {
    if (location.parentId && !known.has(location.parentId)) out.push({ ...location, depth: 0 });
  }
  return out;
}

export function fillSelect(select, options, selected = '') {
  const keep = [...select.options].filter((o) => o.value === '');
  select.replaceChildren(...keep);
  for (const option of options) {
    const prefix = option.depth ? `${'\u2003'.repeat(option.depth)}` : '';
    select.append(h('option', { value: option.id, text: prefix + option.name }));
  }
  select.value = selected || '';
}

export const nameMap = (rows) => new Map(rows.map((row) => [row.id, row.name]));
