import { NewInvitation } from './api';

/** RFC 4180-ish CSV: quoted fields, doubled quotes, commas or semicolons (whichever the first line uses). */
export function parseCsv(text: string): string[][] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  return rows.map((r) => r.map((f) => f.trim()));
}

const COLUMNS: Record<string, keyof NewInvitation> = {
  email: 'email', 'e-mail': 'email', mail: 'email', name: 'name', role: 'roles', roles: 'roles', locale: 'locale', language: 'locale', lang: 'locale',
};

/**
 * Invitation rows from CSV: a header row naming the columns (email, name, role, locale) or, without one,
 * email, name, role, locale in that order. Roles may be "admin;user" or "admin|user" (in a quoted field).
 */
export function invitationsFromCsv(text: string): NewInvitation[] {
  const rows = parseCsv(text);
  if (!rows.length) return [];
  let order: (keyof NewInvitation | null)[] = ['email', 'name', 'roles', 'locale'];
  if (rows[0].some((f) => f.toLowerCase() === 'email' || f.toLowerCase() === 'e-mail')) {
    order = rows.shift()!.map((h) => COLUMNS[h.toLowerCase()] ?? null);
  }
  return rows.map((r) => {
    const inv: NewInvitation = { email: '', name: '' };
    order.forEach((col, i) => {
      const v = r[i] ?? '';
      if (!col || v === '') return;
      if (col === 'roles') inv.roles = v.split(/[|;\s]+/).filter(Boolean).map((x) => x.toLowerCase());
      else if (col === 'locale') inv.locale = v;
      else inv[col] = v;
    });
    if (!inv.name) inv.name = inv.email.split('@')[0] ?? '';
    return inv;
  });
}
