/**
 * The Node flags of the piscina pool threads (flush, compaction). Piscina loads its task file
 * with require() first. On a Node that can require() ES modules (20.19+), a pool thread once
 * killed its whole process as it started, in CI, with V8's "v8::Module::IsGraphAsync must be
 * used on an instantiated module" inside that require(). With require(esm) turned off for the
 * thread, the require() throws and piscina import()s the file, as it does on older Nodes.
 *
 * The parent's own flags are not passed on: a worker's execArgv refuses V8 flags such as
 * npm start's --max-semi-space-size (V8 flags are process-wide anyway).
 */
export const POOL_EXEC_ARGV: readonly string[] = 'require_module' in process.features ? ['--no-experimental-require-module'] : [];
