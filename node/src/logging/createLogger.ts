import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";

/** Field names that never reach a log line, at the top level or one or two objects down. */
const secretKeys = ["privateKey", "private_key", "password", "keystorePassword", "keystore_password", "mnemonic", "secret", "authorization", "HEARTH_PRIVATE_KEY", "HEARTH_KEYSTORE_PASSWORD"];
export const redactPaths = secretKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/** `https://user:pass@host/…` → `https://***@host/…`, wherever a URL with credentials appears in text. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s:]+(?::[^/@\s]*)?@/gi, "$1***@");
}

export type CreateLoggerParameters = {
  level?: LoggerOptions["level"] | undefined;
  /** Default: stdout. Tests pass a stream to read the lines back. */
  destination?: DestinationStream | undefined;
  /** Fields on every line (the node's address, say). */
  base?: Record<string, unknown> | undefined;
};

/**
 * The node's pino logger: JSON lines, snake_case fields by convention, `child({ component })` for
 * context. Secrets are removed by key (`redactPaths`), and URL credentials are masked in error
 * messages and stacks, so a keystore password, a private key or an RPC URL's token never reach a log.
 */
export function createLogger(parameters: CreateLoggerParameters = {}): Logger {
  return pino(
    {
      level: parameters.level ?? "info",
      base: { ...(parameters.base ?? {}) },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: "[redacted]" },
      serializers: {
        err: (error: unknown) => {
          const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
          for (const key of ["message", "stack", "shortMessage", "details"]) {
            if (typeof serialized[key] === "string") serialized[key] = redactUrlCredentials(serialized[key] as string);
          }
          return serialized;
        },
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous writes: a node killed with SIGKILL keeps its last lines, which is when they matter most.
    parameters.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

export type { Logger };
