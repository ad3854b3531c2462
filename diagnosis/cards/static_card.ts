/**
 * The card a well would draw at the polished rod without rod dynamics: the
 * downhole card with the rods' elastic stretch added to the position and
 * their buoyant weight to the load. A deep or fast well's surface card is
 * dominated by stress waves in the rods; the field cards the classifier
 * learnt from are mostly of the quasi-static kind (a parallelogram for a
 * healthy pump), so a well with a known rod string is classified on this
 * card, made from its Gibbs downhole card.
 *
 * @module
 */
import { stretchPerNewton } from "../../simulators/well/rod_string.ts";
import {
  type DownholeCard,
  type DownholeSettings,
  rodWeightForInversion,
} from "./gibbs_downhole.ts";

/** The quasi-static surface card of a downhole card (position m, load N). */
export function staticCard(downhole: DownholeCard, s: DownholeSettings): DownholeCard {
  const k = stretchPerNewton(s.rods), w = rodWeightForInversion(s);
  const n = downhole.position.length;
  const position = new Float64Array(n), load = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    position[j] = downhole.position[j] + k * downhole.load[j];
    load[j] = downhole.load[j] + w;
  }
  return { position, load };
}
