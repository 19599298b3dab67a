// Results remembered per distinct question, at most `limit` of them: questions are free text,
// so an unbounded map would grow with every new one. The least recently used goes first.
export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Map keeps insertion order: moved to the end, it is the last to be dropped.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** How many distinct questions are remembered per snapshot of the records: the common ones (/kpi red, overdue) stay. */
export const QUESTIONS_REMEMBERED = 100;
