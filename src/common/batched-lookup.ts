/**
 * Values per key (an agency's policy, say) read in batches and kept a short while: the keys asked
 * for within `windowMs` of each other are read with ONE `load(keys)`, and each answer is trusted
 * for `ttlMs`. For hooks that run on every committed balance change: with a thousand busy
 * agencies, a lookup per agency every few seconds is hundreds of queries a second; batched, it is a
 * few. A key `load` does not answer gets `missing(key)`. A failed load fails every caller waiting
 * on it (and caches nothing), so the next asker reads again. A value is never `undefined`
 * (`peek` answers that for "not cached"); `null` is a value.
 */
export class BatchedLookup<V extends NonNullable<unknown> | null> {
  private readonly cache = new Map<string, { value: V; until: number }>();
  private waiting = new Map<string, { resolve: (value: V) => void; reject: (error: unknown) => void }[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly load: (keys: string[]) => Promise<Map<string, V>>,
    private readonly options: { ttlMs: number; windowMs: number; missing: (key: string) => V; now?: () => number },
  ) {}

  /** The cached value while it is fresh, without reading anything. */
  peek(key: string): V | undefined {
    const cached = this.cache.get(key);
    if (cached && cached.until > this.now()) return cached.value;
    if (cached) this.cache.delete(key);
    return undefined;
  }

  get(key: string): Promise<V> {
    const fresh = this.peek(key);
    if (fresh !== undefined) return Promise.resolve(fresh);
    return new Promise<V>((resolve, reject) => {
      const callers = this.waiting.get(key);
      if (callers) callers.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      this.timer ??= setTimeout(() => void this.flush(), this.options.windowMs);
      this.timer.unref?.();
    });
  }

  /** A value this process just learned (it wrote it): trusted for the usual time. */
  set(key: string, value: V): void {
    this.cache.set(key, { value, until: this.now() + this.options.ttlMs });
  }

  /** Forgets a key (its settings changed): the next `get` reads it. */
  delete(key: string): void {
    this.cache.delete(key);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const waiting = this.waiting;
    this.waiting = new Map();
    if (!waiting.size) return;
    let loaded: Map<string, V>;
    try {
      loaded = await this.load([...waiting.keys()]);
    } catch (error) {
      for (const callers of waiting.values()) for (const caller of callers) caller.reject(error);
      return;
    }
    for (const [key, callers] of waiting) {
      const found = loaded.get(key);
      const value = found !== undefined ? found : this.options.missing(key);
      this.set(key, value);
      for (const caller of callers) caller.resolve(value);
    }
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }
}
