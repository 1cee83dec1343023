/** A word a POSIX shell reads back as exactly `value`: single-quoted, with single quotes escaped. */
export const shellWord = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/** `export K='V'` lines a shell can eval. */
export function exportLines(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([k, v]) => `export ${k}=${shellWord(v)}\n`)
    .join('');
}
