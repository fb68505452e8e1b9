import { createServer } from "node:net";
import { CID } from "multiformats/cid";
import { describe, expect, test } from "vitest";
import { computeCid } from "./computeCid.ts";
import { createKuboClient, type KuboRpc } from "./createKuboClient.ts";
import { IpfsCidMismatchError, IpfsInvalidCidError, IpfsRequestError } from "./IpfsError.ts";
import { kuboAddOptions } from "./importOptions.ts";

// No Kubo daemon runs here, and none is faked: these tests check construction, what the
// adapter asks Kubo for (a recorder stands in for the RPC client and answers nothing it was
// not told to), and how it fails against an endpoint that is not there.

type Call = { method: string; args: unknown[] };

function recorder(answers: { addCid?: string; pins?: Array<{ cid: string; name?: string }> } = {}) {
  const calls: Call[] = [];
  const record = (method: string, args: unknown[]) => calls.push({ method, args });
  const rpc = {
    add: async (...args: unknown[]) => {
      record("add", args);
      return { cid: CID.parse(answers.addCid!), size: 0, path: "" };
    },
    dag: {
      export: async function* (...args: unknown[]) {
        record("dag.export", args);
      },
    },
    pin: {
      add: async (...args: unknown[]) => {
        record("pin.add", args);
        return CID.parse(String(args[0]));
      },
      rm: async (...args: unknown[]) => {
        record("pin.rm", args);
        return CID.parse(String(args[0]));
      },
      ls: async function* (...args: unknown[]) {
        record("pin.ls", args);
        const options = args[0] as { paths?: string };
        for (const pin of answers.pins ?? []) {
          if (options.paths !== undefined && options.paths !== pin.cid) continue;
          yield { cid: CID.parse(pin.cid), type: "recursive", ...(pin.name === undefined ? {} : { name: pin.name }) };
        }
      },
    },
    swarm: { connect: async (...args: unknown[]) => void record("swarm.connect", args) },
    id: async () => {
      throw new Error("not used");
    },
  };
  return { calls, rpc: rpc as unknown as KuboRpc };
}

function optionsOf(call: Call | undefined): Record<string, unknown> {
  const options = { ...(call?.args.at(-1) as Record<string, unknown>) };
  delete options.signal;
  return options;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("createKuboClient", () => {
  test("construction makes no request and accepts URLs with credentials", () => {
    expect(() => createKuboClient({ url: "http://user:secret@127.0.0.1:5001" })).not.toThrow();
  });

  test("add asks Kubo for Hearth's import options, unpinned, and checks the CID it returns", async () => {
    const cid = await computeCid("hello world");
    const { calls, rpc } = recorder({ addCid: cid });
    const kubo = createKuboClient({ url: "http://127.0.0.1:5001", rpc });
    expect(await kubo.add("hello world")).toBe(cid);
    expect(optionsOf(calls[0])).toEqual({ ...kuboAddOptions, pin: false });
    expect(calls[0]!.args[1]).toHaveProperty("signal");
  });

  test("a Kubo configured with other chunking is caught, not trusted", async () => {
    const { rpc } = recorder({ addCid: await computeCid("something else") });
    const kubo = createKuboClient({ url: "http://127.0.0.1:5001", rpc });
    await expect(kubo.add("hello world")).rejects.toBeInstanceOf(IpfsCidMismatchError);
  });

  test("retention is written into Hearth's pin names and read back from them", async () => {
    const cid = await computeCid("result");
    const { calls, rpc } = recorder({ addCid: cid });
    const kubo = createKuboClient({ url: "http://127.0.0.1:5001", rpc });
    await kubo.add("result", { pin: { retainUntil: new Date("2030-01-02T03:04:05.000Z") } });
    const pinAdd = calls.find((call) => call.method === "pin.add");
    expect(pinAdd?.args[0]).toBe(cid);
    expect(optionsOf(pinAdd)).toEqual({ recursive: true, name: "hearth retain-until 2030-01-02T03:04:05.000Z" });

    await kubo.pin(cid);
    expect(optionsOf(calls.filter((call) => call.method === "pin.add").at(-1))).toEqual({ recursive: true, name: "hearth" });
  });

  test("pruneExpired unpins only Hearth's expired pins, never the user's own", async () => {
    const [expired, kept, permanent, users] = await Promise.all(["a", "b", "c", "d"].map((text) => computeCid(text)));
    const { calls, rpc } = recorder({
      pins: [
        { cid: expired!, name: "hearth retain-until 2030-01-01T00:00:00.000Z" },
        { cid: kept!, name: "hearth retain-until 2030-12-31T00:00:00.000Z" },
        { cid: permanent!, name: "hearth" },
        { cid: users!, name: "my holiday photos" },
      ],
    });
    const kubo = createKuboClient({ url: "http://127.0.0.1:5001", rpc });
    expect(await kubo.listPins()).toEqual([
      { cid: expired, retainUntil: new Date("2030-01-01T00:00:00.000Z") },
      { cid: kept, retainUntil: new Date("2030-12-31T00:00:00.000Z") },
      { cid: permanent },
    ]);
    expect(await kubo.pruneExpired({ now: new Date("2030-06-01T00:00:00Z") })).toEqual([expired]);
    expect(calls.filter((call) => call.method === "pin.rm").map((call) => call.args[0])).toEqual([expired]);
  });

  test("re-pinning extends a Hearth pin and leaves a user's pin alone", async () => {
    const [ours, users] = await Promise.all([computeCid("ours"), computeCid("users")]);
    const { calls, rpc } = recorder({
      pins: [
        { cid: ours, name: "hearth retain-until 2030-01-01T00:00:00.000Z" },
        { cid: users, name: "mine" },
      ],
    });
    const kubo = createKuboClient({ url: "http://127.0.0.1:5001", rpc });
    await kubo.pin(ours, { retainUntil: new Date("2029-01-01T00:00:00Z") }); // shorter: no change
    await kubo.pin(users, { retainUntil: new Date("2031-01-01T00:00:00Z") });
    expect(calls.filter((call) => call.method !== "pin.ls")).toEqual([]);
    await kubo.pin(ours, { retainUntil: new Date("2031-01-01T00:00:00Z") });
    expect(calls.filter((call) => call.method !== "pin.ls").map((call) => [call.method, optionsOf(call).name])).toEqual([
      ["pin.rm", undefined],
      ["pin.add", "hearth retain-until 2031-01-01T00:00:00.000Z"],
    ]);
  });

  test("a bad CID fails before any request", async () => {
    const { calls, rpc } = recorder();
    const kubo = createKuboClient({ url: "http://127.0.0.1:5001", rpc });
    await expect(kubo.cat("nope")).rejects.toBeInstanceOf(IpfsInvalidCidError);
    await expect(kubo.pin("nope")).rejects.toBeInstanceOf(IpfsInvalidCidError);
    expect(calls).toEqual([]);
  });

  test("an endpoint that is not there is an IpfsRequestError without the credentials", async () => {
    const port = await closedPort();
    const kubo = createKuboClient({ url: `http://hearth:s3cret@127.0.0.1:${port}`, timeoutMs: 5_000 });
    const error = await kubo.add("hello").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpfsRequestError);
    expect((error as IpfsRequestError).url).toBe(`http://127.0.0.1:${port}/`);
    expect((error as Error).message).not.toContain("s3cret");
    await expect(kubo.multiaddrs()).rejects.toBeInstanceOf(IpfsRequestError);
  });
});
