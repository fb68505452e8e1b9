// ProviderStaking: registration, metadata, stake, collateral, unbonding, slashes and jail. Stake fields follow
// the contract exactly: events that carry a new total (`bonded`, `locked`, `unbonding`) set it, the others
// replay the contract's arithmetic.
import { ponder } from "ponder:registry";
import { bumpProviderDay, recordEvent, updateProvider } from "./shared.ts";

const C = "ProviderStaking";

ponder.on("ProviderStaking:ProviderRegistered", async ({ event, context }) => {
  const { provider, metadataCid, carbonIntensity } = event.args;
  const tally = await recordEvent(context.db, event, C, "ProviderRegistered", { account: provider });
  await updateProvider(tally, provider, () => ({
    registered: true,
    registeredAt: event.block.timestamp,
    metadataCid,
    carbonIntensity,
  }));
  tally.network({ providers: 1 });
  await tally.commit();
});

ponder.on("ProviderStaking:ProviderMetadataUpdated", async ({ event, context }) => {
  const { provider, metadataCid, carbonIntensity } = event.args;
  const tally = await recordEvent(context.db, event, C, "ProviderMetadataUpdated", { account: provider });
  await updateProvider(tally, provider, () => ({ metadataCid, carbonIntensity }));
  await tally.commit();
});

ponder.on("ProviderStaking:Staked", async ({ event, context }) => {
  const { provider, bonded } = event.args;
  const tally = await recordEvent(context.db, event, C, "Staked", { account: provider });
  await updateProvider(tally, provider, () => ({ bonded }));
  await tally.commit();
});

ponder.on("ProviderStaking:UnstakeRequested", async ({ event, context }) => {
  const { provider, amount, unbonding, unbondingEnd } = event.args;
  const tally = await recordEvent(context.db, event, C, "UnstakeRequested", { account: provider });
  await updateProvider(tally, provider, (p) => ({ bonded: p.bonded - amount, unbonding, unbondingEnd }));
  await tally.commit();
});

ponder.on("ProviderStaking:Withdrawn", async ({ event, context }) => {
  const { provider } = event.args;
  const tally = await recordEvent(context.db, event, C, "Withdrawn", { account: provider });
  await updateProvider(tally, provider, () => ({ unbonding: 0n, unbondingEnd: 0n }));
  await tally.commit();
});

ponder.on("ProviderStaking:CollateralLocked", async ({ event, context }) => {
  const { provider, locked } = event.args;
  const tally = await recordEvent(context.db, event, C, "CollateralLocked", { account: provider });
  await updateProvider(tally, provider, () => ({ locked }));
  await tally.commit();
});

ponder.on("ProviderStaking:CollateralUnlocked", async ({ event, context }) => {
  const { provider, locked } = event.args;
  const tally = await recordEvent(context.db, event, C, "CollateralUnlocked", { account: provider });
  await updateProvider(tally, provider, () => ({ locked }));
  await tally.commit();
});

ponder.on("ProviderStaking:Slashed", async ({ event, context }) => {
  const { provider, amount, fromLocked, jailedUntil } = event.args;
  const tally = await recordEvent(context.db, event, C, "Slashed", { account: provider });
  // The contract takes `fromLocked` from collateral, then free stake, then unbonding stake (`_take`); the event
  // gives the total, so the split is replayed here.
  const updated = await updateProvider(tally, provider, (p) => {
    const rest = amount - fromLocked;
    const free = p.bonded - p.locked;
    const fromFree = rest < free ? rest : free;
    return {
      locked: p.locked - fromLocked,
      bonded: p.bonded - fromLocked - fromFree,
      unbonding: p.unbonding - (rest - fromFree),
      jailedUntil,
      slashed: p.slashed + amount,
      slashes: p.slashes + 1,
    };
  });
  await bumpProviderDay(tally, updated.address, { slashed: amount });
  tally.network({ slashed: amount, slashes: 1 });
  tally.series({ slashed: amount });
  await tally.commit();
});

ponder.on("ProviderStaking:VerifierStatusChanged", async ({ event, context }) => {
  const { provider, verifier } = event.args;
  const tally = await recordEvent(context.db, event, C, "VerifierStatusChanged", { account: provider });
  await updateProvider(tally, provider, () => ({ verifier }));
  await tally.commit();
});

ponder.on("ProviderStaking:ParametersUpdated", async ({ event, context }) => {
  const tally = await recordEvent(context.db, event, C, "ParametersUpdated");
  tally.set({ minStake: event.args.minStake });
  await tally.commit();
});

for (const name of ["ProtocolContractsSet", "OwnershipTransferStarted", "OwnershipTransferred"] as const) {
  ponder.on(`ProviderStaking:${name}`, async ({ event, context }) => {
    await (await recordEvent(context.db, event, C, name)).commit();
  });
}
