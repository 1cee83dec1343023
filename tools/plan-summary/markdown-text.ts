/**
 * Roster text (names, usernames, teams, roles, policies) in the pull-request
 * comment: every such string reaches the Markdown through this module, so a name
 * cannot format the comment, break its tables, hide it with HTML or ping anyone.
 */

/**
 * Text shown as Markdown prose: Markdown and HTML characters escaped, line breaks
 * flattened (a table row is one line), and "@" followed by a zero-width space so
 * that "@someone" is shown, not a mention (GitHub finds mentions in the rendered
 * text, so an escaped or entity-encoded "@" would still notify).
 */
export function escapeText(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\\|`*_~[\]]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '@&#8203;');
}

/** Text in bold: **text**, escaped. */
export const bold = (text: string): string => `**${escapeText(text)}**`;

/**
 * Text in a code span, shown exactly as written: no mention, emphasis or HTML
 * applies inside one. The fence is one backtick longer than any run in the text;
 * "|" is escaped because a table cell ends at it even inside a code span.
 */
export function code(text: string): string {
  const flat = text.replace(/\r\n?|\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
