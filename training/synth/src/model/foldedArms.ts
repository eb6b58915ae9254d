// Arms folded in front of the body: crossed over the belly, raised to the chin or crossed over the chest, or one
// forearm across.
// The renderer's other arm poses hang, bend forward or rise with the hand coming straight forward, and a network
// fine-tuned on them alone drew the official portrait's crossed forearms behind his face (docs/MODEL.md, thirteenth
// round). The ranges were set by eye on frontal and turned renders of a child, a slim and a heavy adult: forearms
// in front of the belly or chest, hands on the other arm, none buried in the torso.
import type { Rng } from '../random.ts';
import type { Framing, ViewParams } from './view.ts';

export const FOLDED_POSES = ['crossed', 'chin', 'one-across'] as const;
export type FoldedPose = (typeof FOLDED_POSES)[number];

type Arms = Pick<ViewParams, 'armsDownDeg' | 'armsForwardDeg' | 'elbowDeg'> & { armsTwistDeg: [number, number] };

/** A selfie arm swung this far forward holds the phone (model/view.ts `arms`): it is left as it is. */
const HOLDING_FORWARD_DEG = 55;

/** One forearm across the body, towards the other side's elbow (the portrait's pose for one arm). */
function across(rng: Rng): [down: number, forward: number, elbow: number, twist: number] {
  return [rng.uniform(35, 48), rng.uniform(22, 38), rng.uniform(50, 72), rng.uniform(68, 90)];
}

/**
 * Both forearms crossed at the belly (50 %), both raised to the chin or the collar or crossed high over the chest
 * (20 %), or one forearm across while the other arm keeps its pose (30 %, and always in a selfie whose other arm
 * holds the phone).
 */
export function sampleFoldedArms(rng: Rng, framing: Framing, arms: Pick<ViewParams, 'armsDownDeg' | 'armsForwardDeg' | 'elbowDeg'>): { pose: FoldedPose; arms: Arms } {
  const out: Arms = {
    armsDownDeg: [...arms.armsDownDeg], armsForwardDeg: [...arms.armsForwardDeg], elbowDeg: [...arms.elbowDeg], armsTwistDeg: [0, 0],
  };
  const holding = framing === 'selfie' ? [0, 1].find((i) => arms.armsForwardDeg[i] >= HOLDING_FORWARD_DEG) : undefined;
  const r = rng.next();
  const pose: FoldedPose = holding !== undefined || r >= 0.7 ? 'one-across' : r < 0.5 ? 'crossed' : 'chin';
  const set = (i: number, [down, forward, elbow, twist]: number[]): void => {
    out.armsDownDeg[i] = down;
    out.armsForwardDeg[i] = forward;
    out.elbowDeg[i] = elbow;
    out.armsTwistDeg[i] = twist;
  };
  if (pose === 'one-across') {
    set(holding !== undefined ? 1 - holding : rng.int(2), across(rng));
  } else if (pose === 'crossed') {
    // The arm swung further forward lies over the other one.
    const top = rng.int(2);
    const a = across(rng);
    set(top, a);
    set(1 - top, [rng.uniform(35, 48), a[1] - rng.uniform(4, 12), rng.uniform(50, 72), rng.uniform(68, 90)]);
  } else {
    const forward = rng.uniform(38, 55);
    const elbow = rng.uniform(85, 115);
    const twist = rng.uniform(40, 62);
    for (const i of [0, 1]) set(i, [rng.uniform(38, 46), forward + rng.normal(0, 3), elbow + rng.normal(0, 5), twist + rng.normal(0, 4)]);
  }
  return { pose, arms: out };
}
