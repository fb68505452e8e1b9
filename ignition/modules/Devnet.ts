import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import HearthModule from "./Hearth.ts";

/** The protocol plus a test stablecoin (tUSD) allow-listed for payments. Devnet and tests only. */
export default buildModule("HearthDevnet", (m) => {
  const deployer = m.getAccount(0);
  const hearth = m.useModule(HearthModule);
  const stablecoin = m.contract("TestStablecoin", [deployer]);
  // 1 tUSD (1e6 units) is worth 10 HRTH: 1 unit = 1e13 HRTH wei; scaled by 1e18.
  m.call(hearth.market, "configureToken", [stablecoin, true, m.getParameter("stablecoinHrthPerUnitWad", 10n ** 31n)]);
  return { ...hearth, stablecoin };
});
