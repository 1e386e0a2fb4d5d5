/** Cassandra's JMX port, where its nodetool connects; a node's admin server listens there by default. */
export const ADMIN_PORT_DEFAULT = 7199;
