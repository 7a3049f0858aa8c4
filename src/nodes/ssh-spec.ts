/** Destination of an ssh node: the parts of `[USER@]HOST[:PORT]`. */
export interface SshDestination {
  user: string | null;
  /** A host name, an alias from the ssh configuration, or an IP address without brackets. */
  host: string;
  port: number | null;
}

/**
 * Parses `[USER@]HOST[:PORT]`. An IPv6 address takes brackets when a port follows (`[::1]:2222`);
 * a bare address with several colons, such as `::1`, is an address with no port. Returns an error
 * message for an invalid spec, including a USER or HOST that starts with `-`, which ssh would read
 * as an option.
 */
export function parseSshSpec(spec: string): SshDestination | { error: string } {
  const at = spec.lastIndexOf('@');
  const user = at === -1 ? null : spec.slice(0, at);
  const hostPort = spec.slice(at + 1);
  const fail = (reason: string): { error: string } => ({
    error: `invalid ssh node '${spec}': ${reason}; write it as [USER@]HOST[:PORT], with IPv6 as [ADDR]:PORT`,
  });

  if (user !== null && user === '') {
    return fail('the user before @ is empty');
  }
  if (user?.startsWith('-')) {
    return fail(`the user '${user}' starts with '-', which ssh would read as an option`);
  }

  let host: string;
  let portText: string | null = null;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close === -1) {
      return fail("the '[' before the address has no matching ']'");
    }
    host = hostPort.slice(1, close);
    const rest = hostPort.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) {
        return fail(`unexpected '${rest}' after ']'`);
      }
      portText = rest.slice(1);
    }
  } else if ((hostPort.match(/:/g) ?? []).length > 1) {
    host = hostPort;
  } else {
    const colon = hostPort.indexOf(':');
    host = colon === -1 ? hostPort : hostPort.slice(0, colon);
    portText = colon === -1 ? null : hostPort.slice(colon + 1);
  }

  if (host === '') {
    return fail('the host is empty');
  }
  if (host.startsWith('-')) {
    return fail(`the host '${host}' starts with '-', which ssh would read as an option`);
  }
  if (/[\s\0]/.test(host) || (user !== null && /[\s\0]/.test(user))) {
    return fail('it contains a space, tab, line break or NUL');
  }
  let port: number | null = null;
  if (portText !== null) {
    port = /^\d{1,5}$/.test(portText) ? Number(portText) : 0;
    if (port < 1 || port > 65535) {
      return fail(`the port '${portText}' is not a number from 1 to 65535`);
    }
  }
  return { user, host, port };
}
