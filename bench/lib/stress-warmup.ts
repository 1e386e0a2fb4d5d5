/**
 * The warm-up before each timed phase, as cassandra-stress does by default (StressAction:
 * "25% of iterations as warmup but no more than 50k", because the JVM compiles a method after
 * 10k calls). JIT tiers, heap sizes and lazily built state settle before the clock starts, for
 * every target alike; what is timed is the steady rate. At 1M rows a cold first pass of our
 * reads ran ~30% below the warm rate (the first ~20k reads wait for three isolates to optimize
 * the read path), while a C++ store has nothing to compile.
 */
const WARMUP_FRACTION = 0.25;
const WARMUP_OPERATIONS_MAX = 50_000;

/** The untimed operations before a timed phase of `operations`. */
export function warmupCount(operations: number): number {
  return Math.min(WARMUP_OPERATIONS_MAX, Math.floor(operations * WARMUP_FRACTION));
}
