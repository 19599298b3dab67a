// Whether a failed HTTP request certainly never reached the server: it could not connect at all. Anything
// else (a timeout, a connection reset or closed once the request was out) may have arrived and been acted on,
// so a message posted that way is not sent again blindly.
const NOT_CONNECTED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "UND_ERR_CONNECT_TIMEOUT", "CERT_HAS_EXPIRED", "DEPTH_ZERO_SELF_SIGNED_CERT", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "ERR_TLS_CERT_ALTNAME_INVALID"]);

/** True when the error (or an error it wraps, as fetch and the platforms' clients wrap them) is a failure to connect. */
export function neverSent(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown; original?: unknown } | undefined, depth = 0; e && depth < 6; depth++) {
    if (typeof e.code === "string" && NOT_CONNECTED.has(e.code)) return true;
    e = (e.original ?? e.cause) as typeof e | undefined;
  }
  return false;
}
