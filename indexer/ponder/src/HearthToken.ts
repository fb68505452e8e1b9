// HearthToken: transfers (mints and burns move the supply), approvals and the minter.
import { ponder } from "ponder:registry";
import { recordEvent, ZERO_ADDRESS } from "./shared.ts";

const C = "HearthToken";

ponder.on("HearthToken:Transfer", async ({ event, context }) => {
  const { from, to, value } = event.args;
  const tally = await recordEvent(context.db, event, C, "Transfer");
  if (from === ZERO_ADDRESS) tally.network({ hrthSupply: value });
  if (to === ZERO_ADDRESS) tally.network({ hrthSupply: -value });
  await tally.commit();
});

for (const name of ["Approval", "MinterSet", "EIP712DomainChanged"] as const) {
  ponder.on(`HearthToken:${name}`, async ({ event, context }) => {
    await (await recordEvent(context.db, event, C, name)).commit();
  });
}
