import { chaos } from '../../chaos/main';

/**
 * The fault-injection suite, short: a few seeded runs of the real service (2 API processes, 2
 * workers, PostgreSQL, Redis, the Stripe test server and SMTP of its own) under crashes and outages,
 * each checked for anything lost or doubled. `npm run chaos -- --runs N --seed S` runs the long one;
 * a failing seed replays with `npm run chaos -- --replay SEED`.
 */
describe('Fault injection (short)', () => {
  it('loses nothing and charges nothing twice over seeded runs with crashes and outages', async () => {
    const lines: string[] = [];
    const summary = await chaos({ runs: 7, seed: 20261202, windowMs: 6_000, replay: false, log: (line) => lines.push(line) });
    const failed = summary.runs.flatMap((run) =>
      run.checks.filter((check) => !check.passed).map((check) => `seed ${run.seed}: ${check.name}: ${check.detail}`),
    );
    expect(failed).toEqual([]);
    expect(summary.runs).toHaveLength(7);
    expect(summary.checksPassed).toBe(summary.checksRun);
  }, 1_500_000);
});
