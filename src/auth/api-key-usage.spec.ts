import { ApiKeyUsage, type KeyUse } from './api-key-usage';

describe('ApiKeyUsage', () => {
  it('writes each key at most once a minute, in one batch, off the request', async () => {
    let now = 0;
    const writes: KeyUse[][] = [];
    const usage = new ApiKeyUsage(
      async (uses) => void writes.push(uses),
      60_000,
      () => now,
    );

    for (let i = 0; i < 1000; i++) usage.touch(i % 2 ? 'a' : 'b');
    expect(writes).toEqual([]);
    await usage.flush();
    expect(writes).toHaveLength(1);
    expect(writes[0].map((use) => use.keyId).sort()).toEqual(['a', 'b']);

    now += 30_000;
    usage.touch('a');
    await usage.flush();
    expect(writes).toHaveLength(1);

    now += 30_000;
    usage.touch('a');
    await usage.flush();
    expect(writes[1]).toEqual([{ keyId: 'a', usedAt: new Date(60_000) }]);
  });
});
