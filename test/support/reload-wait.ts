import { parseMoney } from '../../src/database/money';

export interface BelowThreshold {
  /** Each period the wallet's available balance was seen below the threshold, in ms since watching began (`to` null: still below). */
  periods: { from: number; to: number | null }[];
  /** The longest of them, an open one counted to the moment watching stopped. */
  longestMs: number;
}

export interface BelowThresholdWatch {
  stop(): Promise<BelowThreshold>;
}

/**
 * Samples a wallet (every `everyMs`, by `read`, e.g. the owner's GET /wallet) and measures how long
 * its available balance stayed below `threshold`: started right after a crash, the longest period
 * is how long a wallet below its auto-reload threshold waited for its reload. For crash tests and
 * fault-injection runs; it reads what the API shows, so it measures what call flows live with.
 */
export function watchBelowThreshold(read: () => Promise<{ available: string }>, threshold: string, everyMs = 100): BelowThresholdWatch {
  const thresholdMicros = parseMoney(threshold);
  const started = performance.now();
  const periods: { from: number; to: number | null }[] = [];
  let stopped = false;
  const sampling = (async () => {
    while (!stopped) {
      const at = performance.now() - started;
      try {
        const below = parseMoney((await read()).available) < thresholdMicros;
        const open = periods.at(-1)?.to === null ? periods.at(-1) : undefined;
        if (below && !open) periods.push({ from: at, to: null });
        if (!below && open) open.to = at;
      } catch {
        // An unanswered read (the API restarting) says nothing either way.
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await sampling;
      const end = performance.now() - started;
      return { periods, longestMs: Math.max(0, ...periods.map((period) => (period.to ?? end) - period.from)) };
    },
  };
}
