import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys the whole Hearth protocol and wires it together. Every value can be overridden with an Ignition
 * parameters file (see `ignition/parameters/devnet.json`); the defaults are production-like.
 *
 * The deployer owns the contracts while they are wired; ownership is then offered to `governor` (a
 * TimelockController in production), which must call `acceptOwnership()` on each (Ownable2Step).
 */
export default buildModule("Hearth", (m) => {
  const deployer = m.getAccount(0);
  const governor = m.getParameter("governor", deployer);
  const treasury = m.getParameter("treasury", deployer);

  const token = m.contract("HearthToken", [m.getParameter("genesisHolder", deployer)]);

  const staking = m.contract("ProviderStaking", [
    token,
    deployer,
    m.getParameter("minStake", 1_000n * 10n ** 18n),
    m.getParameter("unbondingPeriod", 14n * 24n * 3600n),
    m.getParameter("jailPeriod", 7n * 24n * 3600n),
  ]);

  const rewards = m.contract("RewardsDistributor", [
    token,
    deployer,
    m.getParameter("epochLength", 7n * 24n * 3600n),
    m.getParameter("initialEmission", 1_000_000n * 10n ** 18n),
    m.getParameter("decayBps", 9_900n),
  ]);

  const market = m.contract("JobMarket", [
    staking,
    rewards,
    token,
    deployer,
    {
      protocolFeeBps: m.getParameter("protocolFeeBps", 250n),
      verifierFeeBps: m.getParameter("verifierFeeBps", 100n),
      collateralBps: m.getParameter("collateralBps", 15_000n),
      expirySlashBps: m.getParameter("expirySlashBps", 1_000n),
      disputeSlashBps: m.getParameter("disputeSlashBps", 1_000n),
      challengeWindow: m.getParameter("challengeWindow", 24n * 3600n),
      treasury,
    },
  ]);

  const court = m.contract("DisputeCourt", [
    market,
    staking,
    deployer,
    {
      committeeSize: m.getParameter("committeeSize", 5n),
      commitPeriod: m.getParameter("commitPeriod", 12n * 3600n),
      revealPeriod: m.getParameter("revealPeriod", 12n * 3600n),
      bondBps: m.getParameter("bondBps", 5_000n),
      minBond: m.getParameter("minBond", 10n * 10n ** 18n),
      bountyBps: m.getParameter("bountyBps", 3_000n),
      committeeRewardBps: m.getParameter("committeeRewardBps", 2_000n),
      providerBondShareBps: m.getParameter("providerBondShareBps", 5_000n),
      nonRevealPenalty: m.getParameter("nonRevealPenalty", 100n * 10n ** 18n),
      samplingRateBps: m.getParameter("samplingRateBps", 500n),
      treasury,
    },
  ]);

  const tokenMinter = m.call(token, "setMinter", [rewards]);
  const marketCourt = m.call(market, "setDisputeCourt", [court]);
  const stakingWired = m.call(staking, "setProtocolContracts", [market, court, rewards], { after: [marketCourt] });
  m.call(rewards, "setProtocolContracts", [market, staking], { after: [tokenMinter] });

  m.call(staking, "transferOwnership", [governor], { id: "offerStakingToGovernor", after: [stakingWired] });
  m.call(market, "transferOwnership", [governor], { id: "offerMarketToGovernor", after: [stakingWired] });
  m.call(court, "transferOwnership", [governor], { id: "offerCourtToGovernor", after: [stakingWired] });

  return { token, staking, rewards, market, court };
});
