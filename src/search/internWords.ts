/** 0-9, A-Z, a-z: the characters words are made of (see `forEachWord`). */
function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Interns the surface words of texts being indexed: each distinct word is resolved once (to its
 * term ids), and every later occurrence is found by hash and a character comparison, without
 * allocating a string. Indexing 100k abstracts meets ~30M words but only ~100k distinct ones,
 * so this removes the dominant allocation (and garbage collection) of a build.
 */
export class WordInterner<T> {
  private slots = new Int32Array(1 << 16).fill(-1);
  private hashes: number[] = [];
  private words: string[] = [];
  private values: T[] = [];

  constructor(private readonly resolve: (word: string) => T) {}

  /**
   * Calls `visit` with the resolved value of each word of `text`, splitting exactly as
   * `forEachWord` does (runs of ASCII letters and digits, joined across inner `-` and `'`).
   */
  scan(text: string, visit: (value: T) => void): void {
    const n = text.length;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      if (!isAlnum(c)) {
        i++;
        continue;
      }
      const start = i;
      let hash = 0x811c9dc5;
      while (i < n) {
        c = text.charCodeAt(i);
        if (isAlnum(c)) {
          hash = Math.imul(hash ^ c, 0x01000193);
          i++;
        } else if ((c === 45 || c === 39) && i + 1 < n && isAlnum(text.charCodeAt(i + 1))) {
          hash = Math.imul(hash ^ c, 0x01000193);
          i++;
        } else {
          break;
        }
      }
      visit(this.values[this.find(text, start, i, hash)] as T);
    }
  }

  private find(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] as number;
      if (entry < 0) return this.insert(slot, text.slice(start, end), hash);
      if (this.hashes[entry] === hash && sameChars(this.words[entry] as string, text, start, end)) return entry;
    }
  }

  private insert(slot: number, word: string, hash: number): number {
    const entry = this.words.length;
    this.words.push(word);
    this.hashes.push(hash);
    this.values.push(this.resolve(word));
    this.slots[slot] = entry;
    if (this.words.length * 2 > this.slots.length) this.grow();
    return entry;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    for (let e = 0; e < this.hashes.length; e++) {
      let slot = (this.hashes[e] as number) & mask;
      while ((this.slots[slot] as number) >= 0) slot = (slot + 1) & mask;
      this.slots[slot] = e;
    }
  }
}

function sameChars(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let k = 0; k < word.length; k++) if (word.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}
