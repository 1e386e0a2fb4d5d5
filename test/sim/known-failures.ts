/**
 * Seeds of the CI slice that fail on a bug found by the simulator and not fixed yet, each with
 * the README.md "Found, and not fixed here" entry that explains it. The CI slice skips them;
 * `npm run sim -- --seed <seed>` replays each. Remove a seed once its bug is fixed.
 */

export const KNOWN_FAILURES: ReadonlyMap<number, string> = new Map<number, string>([]);
