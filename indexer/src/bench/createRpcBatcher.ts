/** JSON-RPC over HTTP with batches, for driving a local node fast (benchmark helper). */
export type RpcCall = { method: string; params: unknown[] };

export function createRpcBatcher(url: string) {
  let id = 0;
  async function post(body: unknown): Promise<unknown> {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`RPC ${response.status}: ${await response.text()}`);
    return response.json();
  }
  return {
    async call<T>(method: string, params: unknown[] = []): Promise<T> {
      const body = (await post({ jsonrpc: "2.0", id: ++id, method, params })) as { result?: T; error?: { message: string } };
      if (body.error) throw new Error(`${method}: ${body.error.message}`);
      return body.result as T;
    },
    /** Sends calls in batches of `size`; results in order; any error throws. */
    async batch<T>(calls: RpcCall[], size = 250): Promise<T[]> {
      const results: T[] = [];
      for (let start = 0; start < calls.length; start += size) {
        const chunk = calls.slice(start, start + size).map((call) => ({ jsonrpc: "2.0", id: ++id, ...call }));
        const answers = (await post(chunk)) as Array<{ id: number; result?: T; error?: { message: string } }>;
        const byId = new Map(answers.map((answer) => [answer.id, answer]));
        for (const request of chunk) {
          const answer = byId.get(request.id);
          if (!answer || answer.error) throw new Error(`${request.method}: ${answer?.error?.message ?? "no answer"}`);
          results.push(answer.result as T);
        }
      }
      return results;
    },
  };
}

export type RpcBatcher = ReturnType<typeof createRpcBatcher>;
