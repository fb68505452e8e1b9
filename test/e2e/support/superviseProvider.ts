import type { ProviderProcess } from "./providerProcess.ts";

type Exit = { code: number | null; signal: NodeJS.Signals | null };

export type Supervision = {
  /** Resolves when the first start answers /health. */
  ready: Promise<void>;
  /** How each run ended, in order (the last one by the SIGTERM of `stop`). */
  exits: Exit[];
  /** Stops supervising, sends SIGTERM and resolves with how the node ended. */
  stop(): Promise<Exit>;
};

/**
 * Keeps a provider node running the way a service manager would: whenever it dies with SIGKILL (a crash
 * point, or the test), it is started again on the same data folder. Any other exit is reported as a failure.
 */
export function superviseProvider(node: ProviderProcess, onUnexpectedExit: (error: Error) => void): Supervision {
  const exits: Exit[] = [];
  let stopping = false;
  let starting = node.start();
  const ready = starting;
  const watch = async () => {
    await starting;
    for (;;) {
      const exit = await node.exited();
      exits.push(exit);
      if (stopping) return;
      if (exit.signal !== "SIGKILL") {
        onUnexpectedExit(new Error(`provider node exited with ${exit.signal ?? exit.code}:\n${node.logs.slice(-40).join("\n")}`));
        return;
      }
      starting = node.start();
      await starting;
    }
  };
  const watching = watch();
  watching.catch(onUnexpectedExit);
  return {
    ready,
    exits,
    async stop() {
      stopping = true;
      await starting.catch(() => {});
      node.kill("SIGTERM");
      await watching.catch(() => {});
      return exits.at(-1)!;
    },
  };
}
