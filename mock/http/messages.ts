/** A request as the mock receives it, independent of the transport (node:http or in-process). */
export interface IncomingRequest {
  method: string;
  /** Path and query string, as sent. */
  url: string;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  body: Buffer;
  remoteAddress: string;
  /** `http` or `https`, and the Host the client used: meta.resource URLs are built from them. */
  scheme: string;
}

export interface OutgoingResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}
