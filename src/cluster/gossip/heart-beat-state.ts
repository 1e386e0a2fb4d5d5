/**
 * A node's heartbeat (gms/HeartBeatState.java): the generation is the second the node started
 * (a restart means a higher generation, which replaces everything known about the node), the
 * version rises every gossip round while the node lives, drawn from its one version counter.
 */

export interface HeartBeatState {
  readonly generation: number;
  readonly version: number;
}
