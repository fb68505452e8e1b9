import { PassThrough } from "node:stream";
import { describe, expect, test } from "vitest";
import { createLogger } from "./createLogger.ts";
import { humanLogStream } from "./humanLogStream.ts";

function terminal() {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  return { out, text: () => chunks.join("") };
}

describe("humanLogStream", () => {
  test("writes the node's logger as one readable line per event, secrets still redacted", async () => {
    const { out, text } = terminal();
    const logger = createLogger({ destination: humanLogStream(out, { omit: ["provider"] }) }).child({ provider: "0xabc", component: "tx-sender" });
    logger.info({ job_id: "7", tx_hash: "0x12", password: "hunter22" }, "transaction sent");
    logger.warn({ adapter: "SwiftShader driver 5.0.0" }, "running on a CPU adapter");
    logger.error({ err: new Error("request to https://alice:s3cret@rpc.example failed\n    at stack") }, "rpc failed");
    await new Promise((resolve) => setImmediate(resolve));
    const lines = text().trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d tx-sender transaction sent {2}job_id=7 tx_hash=0x12 password=\[redacted\]$/);
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d tx-sender ! running on a CPU adapter {2}adapter="SwiftShader driver 5.0.0"$/);
    expect(lines[2]).toMatch(/ ✖ rpc failed {2}err="request to https:\/\/\*\*\*@rpc.example failed"$/);
    expect(text()).not.toContain("0xabc");
    expect(text()).not.toContain("hunter22");
    expect(text()).not.toContain("s3cret");
  });

  test("reads pino's numeric levels and epoch times too, and passes anything that is not JSON through", () => {
    const { out, text } = terminal();
    const stream = humanLogStream(out);
    stream.write(`${JSON.stringify({ level: 50, time: Date.UTC(2026, 10, 29, 12, 0, 1), component: "devnet", msg: "chain stopped", code: 1 })}\n`);
    stream.write("plain text\n");
    expect(text()).toMatch(/^\d\d:\d\d:\d\d devnet   ✖ chain stopped {2}code=1\nplain text\n$/);
  });
});
