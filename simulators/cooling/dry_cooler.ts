/**
 * The dry cooler as an effectiveness-NTU heat exchanger between coolant and
 * outdoor air. Its UA is two film resistances in series: an air side that
 * dominates and grows with airflow, and a coolant side that grows with
 * coolant flow.
 *
 * @module
 */

/** Share of the rated-point thermal resistance on the air (fin) side. */
export const AIR_SIDE_SHARE = 0.75;
/** Air-side film coefficient exponent on airflow (finned tube banks: 0.6..0.8). */
export const AIR_SIDE_EXPONENT = 0.7;
/** Coolant-side film coefficient exponent on flow (Dittus-Boelter, turbulent). */
export const COOLANT_SIDE_EXPONENT = 0.8;
/** Density of outdoor air, kg/m3. */
export const AIR_DENSITY_KG_M3 = 1.2;
/** Specific heat of air, kJ/(kg K). */
export const AIR_CP_KJ_PER_KG_K = 1.006;

/**
 * Overall UA, kW/K, at `airRatio` of rated airflow and `flowRatio` of rated
 * coolant flow: 1/UA = (s_a airRatio^-0.7 + (1 - s_a) flowRatio^-0.8) / UA_rated.
 * Zero flow on either side gives zero UA.
 */
export function coolerUa(uaRated: number, airRatio: number, flowRatio: number): number {
  if (airRatio <= 0 || flowRatio <= 0) return 0;
  const resistance = AIR_SIDE_SHARE * Math.pow(airRatio, -AIR_SIDE_EXPONENT) +
    (1 - AIR_SIDE_SHARE) * Math.pow(flowRatio, -COOLANT_SIDE_EXPONENT);
  return uaRated / resistance;
}

/**
 * Counter-flow effectiveness for `ntu` = UA / C_min and `cr` = C_min / C_max:
 * e = (1 - exp(-NTU (1 - Cr))) / (1 - Cr exp(-NTU (1 - Cr))), and NTU / (1 + NTU)
 * when Cr = 1. A multi-row, multi-pass dry cooler comes close to counter-flow.
 */
export function counterflowEffectiveness(ntu: number, cr: number): number {
  if (ntu <= 0) return 0;
  if (cr > 0.9999) return ntu / (1 + ntu);
  const e = Math.exp(-ntu * (1 - cr));
  return (1 - e) / (1 - cr * e);
}

/**
 * Heat the cooler rejects per kelvin of (coolant inlet - air inlet), kW/K:
 * e C_min, for coolant capacity rate `cLiquid` and air capacity rate `cAir`
 * (both kW/K) and conductance `ua` (kW/K).
 */
export function coolerConductance(ua: number, cLiquid: number, cAir: number): number {
  if (cLiquid <= 0 || cAir <= 0 || ua <= 0) return 0;
  const cMin = cLiquid < cAir ? cLiquid : cAir;
  const cMax = cLiquid < cAir ? cAir : cLiquid;
  return counterflowEffectiveness(ua / cMin, cMin / cMax) * cMin;
}
