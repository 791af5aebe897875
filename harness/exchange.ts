/** One HTTP request and the panel's answer, as recorded by the client (headers lower-cased). */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The JSON body sent, if any. */
  body?: unknown;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as received. */
  rawBody: string;
}

export interface Exchange {
  request: RecordedRequest;
  response: RecordedResponse;
}
