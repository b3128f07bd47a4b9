/**
 * Rule messages by id (ESLint `meta.messages` style): a rule's meta holds its message templates,
 * `{{name}}` placeholders are filled at report time, and tests name the template they expect
 * (`messageMatches`) instead of repeating its text.
 */

/** Fills `{{name}}` placeholders; an unknown placeholder is left as written. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  let out = '';
  let i = 0;
  for (;;) {
    const open = template.indexOf('{{', i);
    if (open < 0) break;
    const close = template.indexOf('}}', open + 2);
    if (close < 0) break;
    const name = template.slice(open + 2, close).trim();
    out += template.slice(i, open) + (Object.prototype.hasOwnProperty.call(data, name) ? String(data[name]) : template.slice(open, close + 2));
    i = close + 2;
  }
  return out + template.slice(i);
}

/** The message was made from this template: its literal parts occur in order, first at the start, last at the end. */
export function messageMatches(template: string, message: string): boolean {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    const open = template.indexOf('{{', i);
    const close = open < 0 ? -1 : template.indexOf('}}', open + 2);
    if (close < 0) {
      parts.push(template.slice(i));
      break;
    }
    parts.push(template.slice(i, open));
    i = close + 2;
  }
  if (parts.length === 1) return message === parts[0];
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!message.startsWith(first) || !message.endsWith(last)) return false;
  let pos = first.length;
  for (const p of parts.slice(1, -1)) {
    const at = message.indexOf(p, pos);
    if (at < 0) return false;
    pos = at + p.length;
  }
  return pos <= message.length - last.length;
}

/** The template `id` of a rule's meta (throws on a missing id: a typo is a bug, not a blank message). */
export function ruleMessage(meta: { id: string; messages?: Readonly<Record<string, string>> }, id: string, data?: Readonly<Record<string, string | number>>): string {
  const t = meta.messages?.[id];
  if (t === undefined) throw new Error(`${meta.id}: no message '${id}'`);
  return formatMessage(t, data);
}
