import { network } from "hardhat";
const c = await network.create();
const [w] = await c.viem.getWalletClients();
const token = await c.viem.deployContract("TestStablecoin", [w!.account.address]);
const hash = await token.write.mint([w!.account.address, 5n]);
const t: any = await c.provider.request({ method: "debug_traceTransaction", params: [hash, { disableMemory: true, disableStorage: true }] });
console.log(t.gas, t.structLogs.length, JSON.stringify(t.structLogs.slice(0,2)), JSON.stringify(t.structLogs.filter((s: any) => s.op === "SSTORE")));
