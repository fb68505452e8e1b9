import { createCipheriv, createHash } from "node:crypto";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { describe, expect, test } from "vitest";
import { computeCid } from "./computeCid.ts";
import { IMPORT_CHUNK_SIZE, IMPORT_MAX_CHILDREN, importOptions, kuboAddOptions } from "./importOptions.ts";

// Every expected CID below is copied from Kubo's own test suite (github.com/ipfs/kubo); the
// source is named beside each. None was produced by the code under test.

/**
 * The bytes of Kubo's `IPFSAddDeterministic(size, seed)` test helper
 * (test/cli/harness/random_reader.go): the ChaCha20 key stream with key sha256(seed), zero
 * nonce and counter 0. OpenSSL's chacha20 takes a 16-byte IV = counter (LE) || nonce.
 */
function* kuboDeterministicBytes(size: number, seed: string): Generator<Uint8Array> {
  const key = createHash("sha256").update(seed).digest();
  const cipher = createCipheriv("chacha20", key, Buffer.alloc(16));
  const step = 4 * 1024 * 1024;
  const zeros = Buffer.alloc(step);
  for (let left = size; left > 0; left -= step) {
    yield new Uint8Array(cipher.update(zeros.subarray(0, Math.min(step, left))));
  }
}

const KiB = 1024;
const MiB = 1024 * 1024;

describe("importOptions", () => {
  test("are Kubo's CIDv1 settings", () => {
    expect(IMPORT_CHUNK_SIZE).toBe(256 * KiB);
    expect(IMPORT_MAX_CHILDREN).toBe(174);
    expect(importOptions.cidVersion).toBe(1);
    expect(importOptions.rawLeaves).toBe(true);
    expect(kuboAddOptions).toEqual({
      cidVersion: 1,
      rawLeaves: true,
      hashAlg: "sha2-256",
      chunker: "size-262144",
      trickle: false,
    });
  });

  test("the empty file (kubo test/sharness/t0040-add-and-cat.sh, --raw-leaves)", async () => {
    expect(await computeCid(new Uint8Array(0))).toBe("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
  });

  test('"hello world" (kubo test/cli/add_test.go, Import.CidVersion=1)', async () => {
    expect(await computeCid("hello world")).toBe("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
  });

  test('"hello\\n" (kubo test/sharness/t0116-gateway-cache/README.md, --cid-version 1)', async () => {
    expect(await computeCid("hello\n")).toBe("bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am");
  });

  test("small files of t0040's --cid-version=1 directory", async () => {
    expect(await computeCid("Hello Mars!\n")).toBe("bafkreibmlvvgdyihetgocpof6xk64kjjzdeq2e4c7hqs3krdheosk4tgj4");
    expect(await computeCid("Hello Venus!\n")).toBe("bafkreihfsphazrk2ilejpekyltjeh5k4yvwgjuwg26ueafohqioeo3sdca");
  });

  // Kubo's published multi-chunk fixtures use either our chunker and layout with CIDv0, or
  // CIDv1 + raw leaves with 1 MiB chunks. Between them they pin down every choice we make:
  // the 256 KiB chunker and the 174-link balanced layout (exactly full, then rebalanced) and
  // how CIDv1 raw leaves sit in a two-level balanced DAG.
  describe("our chunker and balanced layout at 174 and 175 chunks (kubo add_test.go, legacy-cid-v0)", () => {
    const legacy = { cidVersion: 0, rawLeaves: false } as const;

    test("44544 KiB = 174 chunks fits one level", async () => {
      const cid = await computeCid(kuboDeterministicBytes(44544 * KiB, "v0-seed"), legacy);
      expect(cid).toBe("QmUbBALi174SnogsUzLpYbD4xPiBSFANF4iztWCsHbMKh2");
    });

    test("44800 KiB = 175 chunks is rebalanced into two levels", async () => {
      const cid = await computeCid(kuboDeterministicBytes(44800 * KiB, "v0-seed"), legacy);
      expect(cid).toBe("QmepeWtdmS1hHXx1oZXsPUv6bMrfRRKfZcoPPU4eEfjnbf");
    });
  });

  describe("CIDv1 raw leaves in a balanced DAG (kubo add_test.go, test-cid-v1: 1 MiB chunks)", () => {
    const oneMiBChunks = { chunker: fixedSize({ chunkSize: MiB }) };

    test("174 MiB", async () => {
      const cid = await computeCid(kuboDeterministicBytes(174 * MiB, "v1-seed"), oneMiBChunks);
      expect(cid).toBe("bafybeigwduxcf2aawppv3isnfeshnimkyplvw3hthxjhr2bdeje4tdaicu");
    });

    test("175 MiB, rebalanced", async () => {
      const cid = await computeCid(kuboDeterministicBytes(175 * MiB, "v1-seed"), oneMiBChunks);
      expect(cid).toBe("bafybeidhd7lo2n2v7lta5yamob3xwhbxcczmmtmhquwhjesi35jntf7mpu");
    });
  });

  test("a changed option changes the CID (the fixtures can fail)", async () => {
    const bytes = [...kuboDeterministicBytes(600 * KiB, "v1-seed")];
    const ours = await computeCid(bytes);
    expect(await computeCid(bytes, { chunker: fixedSize({ chunkSize: MiB }) })).not.toBe(ours);
    expect(await computeCid(bytes, { rawLeaves: false })).not.toBe(ours);
  });
});
