/** The dashboard's default port, importable without the server (the CLI's usage text needs it). */
export const DASHBOARD_PORT_DEFAULT = 8888;
