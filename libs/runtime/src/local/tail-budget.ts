// Many instances that all crash must still fit their stderr into one NATS message: the
// budget is shared equally, and each tail keeps its newest lines.

/** Each tail cut to at most maxChars / tails.length characters, dropping its oldest lines. */
export function fitTails(tails: string[][], maxChars: number): string[][] {
  if (tails.length === 0) return [];
  const share = Math.floor(maxChars / tails.length);
  return tails.map((lines) => {
    let used = 0;
    let keep = lines.length;
    while (keep > 0 && used + lines[keep - 1]!.length <= share) used += lines[--keep]!.length;
    return lines.slice(keep);
  });
}
