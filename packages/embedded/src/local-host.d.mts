/** Whether a Host header names this machine by an IP literal or `localhost` (any port); see local-host.mjs. */
export function isLocalHost(host: string | null | undefined): boolean;
