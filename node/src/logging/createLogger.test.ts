import { Writable } from "node:stream";
import { describe, expect, test } from "vitest";
import { createLogger, redactUrlCredentials } from "./createLogger.ts";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()));
      callback();
    },
  });
  return { lines, destination };
}

describe("createLogger", () => {
  test("never writes a private key, a password or URL credentials", async () => {
    const { lines, destination } = capture();
    const logger = createLogger({ destination }).child({ component: "test" });
    logger.info({ privateKey: "0xdeadbeef", key: { password: "hunter22" }, deep: { a: { mnemonic: "test junk" } } }, "hello");
    logger.error({ err: new Error("request to https://alice:s3cret@rpc.example/v1 failed") }, "rpc");
    await new Promise((resolve) => setImmediate(resolve));
    const text = JSON.stringify(lines);
    expect(text).not.toContain("0xdeadbeef");
    expect(text).not.toContain("hunter22");
    expect(text).not.toContain("test junk");
    expect(text).not.toContain("s3cret");
    expect(lines[0]).toMatchObject({ component: "test", msg: "hello", level: "info" });
    expect((lines[1]!.err as { message: string }).message).toContain("https://***@rpc.example/v1");
  });

  test("redactUrlCredentials leaves plain URLs alone", () => {
    expect(redactUrlCredentials("see http://127.0.0.1:8545 and ws://u:p@h:1/x")).toBe("see http://127.0.0.1:8545 and ws://***@h:1/x");
  });
});
