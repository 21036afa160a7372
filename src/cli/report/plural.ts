/** `1 error`, `2 errors`; `plural` for words that do not just add an s (`family`, `families`). */
export function counted(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`;
}
