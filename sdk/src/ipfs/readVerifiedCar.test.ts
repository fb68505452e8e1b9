import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import { buildTestCar } from "./buildTestCar.ts";
import { IpfsContentTooLargeError, IpfsNotAFileError, IpfsVerificationError } from "./IpfsError.ts";
import { readVerifiedCar } from "./readVerifiedCar.ts";

async function* stream(...chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

describe("readVerifiedCar", () => {
  test("rebuilds a multi-block file whose every block matches its CID", async () => {
    const bytes = randomBytes(600 * 1024);
    const { root, blocks, car } = await buildTestCar(bytes);
    expect(blocks.length).toBe(4); // three leaves and a root
    const out = await readVerifiedCar(stream(car), root, { maxBytes: 1024 * 1024 });
    expect(Buffer.from(out).equals(bytes)).toBe(true);
  });

  test("a single raw block", async () => {
    const { root, car } = await buildTestCar(new TextEncoder().encode("hello"));
    expect(new TextDecoder().decode(await readVerifiedCar(stream(car), root, { maxBytes: 100 }))).toBe("hello");
  });

  test("a block whose bytes were altered is rejected", async () => {
    const { root, blocks, toCar } = await buildTestCar(randomBytes(600 * 1024));
    const tampered = blocks.map((block, index) => {
      if (index !== 1) return block;
      const bytes = Uint8Array.from(block.bytes);
      bytes[0] = bytes[0]! ^ 0xff;
      return { cid: block.cid, bytes };
    });
    await expect(readVerifiedCar(stream(await toCar([root], tampered)), root, { maxBytes: 1 << 20 })).rejects.toThrow(
      IpfsVerificationError,
    );
  });

  test("a CAR missing a block of the DAG is rejected", async () => {
    const { root, blocks, toCar } = await buildTestCar(randomBytes(600 * 1024));
    const error = await readVerifiedCar(stream(await toCar([root], blocks.slice(1))), root, { maxBytes: 1 << 20 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IpfsVerificationError);
    expect((error as Error).message).toContain("lacks block");
  });

  test("valid blocks of some other content do not stand in for the root", async () => {
    const wanted = await buildTestCar(randomBytes(1000));
    const other = await buildTestCar(randomBytes(1000));
    await expect(
      readVerifiedCar(stream(await other.toCar([wanted.root], other.blocks)), wanted.root, { maxBytes: 1 << 20 }),
    ).rejects.toThrow(IpfsVerificationError);
  });

  test("content over maxBytes is refused, from the declared size or by counting", async () => {
    const { root, car, toCar } = await buildTestCar(randomBytes(600 * 1024));
    // The root block declares 600 KiB: refused without reading the leaves into the file.
    await expect(readVerifiedCar(stream(car), root, { maxBytes: 512 * 1024 })).rejects.toThrow(IpfsContentTooLargeError);

    // A source that never stops sending valid blocks stops being read past the limit.
    const body = car.subarray((await toCar([root], [])).byteLength);
    let served = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield car;
      for (;;) {
        served += body.byteLength;
        yield body;
      }
    }
    await expect(readVerifiedCar(endless(), root, { maxBytes: 1000 })).rejects.toThrow(IpfsContentTooLargeError);
    expect(served).toBeLessThan(2 * 1024 * 1024);
  });

  test("a directory is not a file", async () => {
    const { root, car } = await buildTestCar([{ path: "dir/a.txt", content: new Uint8Array([1]) }]);
    await expect(readVerifiedCar(stream(car), root, { maxBytes: 100 })).rejects.toThrow(IpfsNotAFileError);
  });
});
