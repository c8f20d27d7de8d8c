import { BatchedLookup } from './batched-lookup';

describe('BatchedLookup', () => {
  let clock = 1_000;
  const loads: string[][] = [];
  const lookup = (load?: (keys: string[]) => Promise<Map<string, number>>) =>
    new BatchedLookup<number>(
      load ??
        (async (keys) => {
          loads.push([...keys]);
          return new Map(keys.filter((key) => key !== 'none').map((key) => [key, key.length]));
        }),
      { ttlMs: 5_000, windowMs: 5, missing: () => -1, now: () => clock },
    );

  beforeEach(() => {
    clock = 1_000;
    loads.length = 0;
  });

  it('reads the keys asked for together in one load, each once, and answers every caller', async () => {
    const values = lookup();
    const answers = await Promise.all([values.get('a'), values.get('bb'), values.get('a'), values.get('none')]);
    expect(answers).toEqual([1, 2, 1, -1]);
    expect(loads).toEqual([['a', 'bb', 'none']]);
  });

  it('trusts an answer for its time, then reads it again', async () => {
    const values = lookup();
    await values.get('a');
    clock += 4_999;
    expect(values.peek('a')).toBe(1);
    await values.get('a');
    expect(loads).toHaveLength(1);
    clock += 1;
    expect(values.peek('a')).toBeUndefined();
    await values.get('a');
    expect(loads).toEqual([['a'], ['a']]);
  });

  it('reads a forgotten key again, and keeps what it was told', async () => {
    const values = lookup();
    await values.get('a');
    values.delete('a');
    values.set('bb', 7);
    expect(await values.get('bb')).toBe(7);
    await values.get('a');
    expect(loads).toEqual([['a'], ['a']]);
  });

  it('fails every caller of a failed load and caches nothing, so the next one reads again', async () => {
    let fail = true;
    const values = lookup(async (keys) => {
      loads.push(keys);
      if (fail) throw new Error('database away');
      return new Map(keys.map((key) => [key, 9]));
    });
    await expect(Promise.all([values.get('a'), values.get('b')])).rejects.toThrow('database away');
    fail = false;
    expect(await values.get('a')).toBe(9);
    expect(loads).toEqual([['a', 'b'], ['a']]);
  });
});
