/**
 * Work claimed by one process (a reload being charged, an email or a webhook being sent) is that
 * process's for `leaseSeconds` after its last renewal; past that, any worker takes it over. The
 * holder renews three times per lease, so only a process that stopped (or stalled for two thirds of
 * a lease) loses its work; a takeover repeats the work under the same idempotency key, Message-ID
 * or event id, so even a stalled holder finishing late cannot move money twice.
 */
export async function whileLeased<T>(leaseSeconds: number, renew: () => Promise<unknown>, work: () => Promise<T>): Promise<T> {
  // A failed renewal (the database briefly away) is not the work's failure: at worst the lease
  // runs out and another worker repeats the work idempotently.
  const timer = setInterval(() => void renew().catch(() => undefined), (leaseSeconds * 1000) / 3);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/**
 * Runs `work` now, off the boot path, and then every `seconds`, never twice at once; failures go to
 * `onError` (the next tick tries again). For takeovers and sweeps, which must run at a worker's
 * boot without delaying the moment it serves.
 */
export function everySeconds(seconds: number, work: () => Promise<unknown>, onError: (error: unknown) => void): NodeJS.Timeout {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await work();
    } catch (error) {
      onError(error);
    } finally {
      running = false;
    }
  };
  setImmediate(() => void tick());
  return setInterval(() => void tick(), seconds * 1000);
}
