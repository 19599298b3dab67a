// Domain errors carry a code; each platform maps a code to what the user reads.
export type ErrorCode = "query_too_long" | "database_unavailable" | "invalid_input";

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
