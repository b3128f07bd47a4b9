/**
 * Path globs for `ignorePaths` (`**`, `*`, `?`), matched segment by segment with memoisation:
 * linear-ish in path length, no regular expressions built from user input.
 */
export function globMatch(pattern: string, path: string): boolean {
  const pat = pattern.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  const p = path.replace(/\\/g, '/').replace(/^\.\//, '');
  const ps = pat.split('/');
  const xs = p.split('/');
  // A pattern without a slash matches a file or directory name at any depth (gitignore-style).
  const segs = pat.includes('/') ? ps : ['**', ...ps];
  const memo = new Map<number, boolean>();
  const rec = (i: number, j: number): boolean => {
    const key = i * (xs.length + 1) + j;
    const m = memo.get(key);
    if (m !== undefined) return m;
    let r: boolean;
    if (i === segs.length) r = true; // a directory pattern matches everything below it
    else if (segs[i] === '**') r = rec(i + 1, j) || (j < xs.length && rec(i, j + 1));
    else r = j < xs.length && segMatch(segs[i], xs[j]) && (i + 1 === segs.length ? true : rec(i + 1, j + 1));
    if (i + 1 === segs.length && segs[i] !== '**' && j < xs.length) r = segMatch(segs[i], xs[j]);
    memo.set(key, r);
    return r;
  };
  return rec(0, 0);
}

/** `*` and `?` within one path segment; O(n·m) dynamic programming. */
export function segMatch(pat: string, s: string): boolean {
  const n = pat.length;
  const m = s.length;
  let prev = new Array<boolean>(m + 1).fill(false);
  prev[0] = true;
  for (let i = 1; i <= n; i++) {
    const cur = new Array<boolean>(m + 1).fill(false);
    const c = pat[i - 1];
    if (c === '*') cur[0] = prev[0];
    for (let j = 1; j <= m; j++) {
      if (c === '*') cur[j] = prev[j] || cur[j - 1];
      else cur[j] = prev[j - 1] && (c === '?' || c === s[j - 1]);
    }
    prev = cur;
  }
  return prev[m];
}
