import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { buildTestCar } from "@hearth/sdk/ipfs/buildTestCar";

export type TestGateway = { url: string; requests: () => number; stop(): Promise<void> };

/**
 * A trustless gateway (GET /ipfs/<cid>?format=car) over fixed documents, for tests. `tamper` serves other bytes
 * under a CID, as a lying gateway would.
 */
export async function startTestGateway(documents: Map<string, Uint8Array>, tamper = new Map<string, Uint8Array>()): Promise<TestGateway> {
  let count = 0;
  const server = createServer(async (request, response) => {
    count++;
    const cid = /^\/ipfs\/([^/?]+)/.exec(request.url ?? "")?.[1];
    const bytes = cid ? (tamper.get(cid) ?? documents.get(cid)) : undefined;
    if (!cid || !bytes) {
      response.writeHead(404).end();
      return;
    }
    const { car } = await buildTestCar(bytes);
    response.writeHead(200, { "content-type": "application/vnd.ipld.car; version=1" }).end(car);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
