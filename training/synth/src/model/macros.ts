// MakeHuman's macro sliders → weighted macro targets, following its human.py interpolation: each slider value
// is split between its neighbouring key shapes (e.g. age 0.6 = mostly "young" with some "old").

export interface Macros {
  gender: number; // 0 female … 1 male
  age: number; // 0.1875 = 11 years, 0.5 = 25, 1 = 90
  muscle: number;
  weight: number;
  height: number;
  proportions: number;
  african: number;
  asian: number;
  caucasian: number;
}

type Weighted = [string, number][];

function ages(a: number): Weighted {
  if (a < 0.5) {
    const young = Math.max(0, (a - 0.1875) * 3.2);
    return [['baby', Math.max(0, 1 - a * 5.333)], ['child', Math.max(0, Math.min(1, 5.333 * a) - young)], ['young', young], ['old', 0]];
  }
  const old = Math.max(0, a * 2 - 1);
  return [['baby', 0], ['child', 0], ['young', 1 - old], ['old', old]];
}

function threeWay(v: number, lo: string, mid: string, hi: string): Weighted {
  return v < 0.5 ? [[lo, 1 - 2 * v], [mid, 2 * v], [hi, 0]] : [[lo, 0], [mid, 2 - 2 * v], [hi, 2 * v - 1]];
}

/** [path under data/targets, weight] for every macro target with non-zero weight. */
export function macroTargets(m: Macros): Weighted {
  const out: Weighted = [];
  const genders: Weighted = [['female', 1 - m.gender], ['male', m.gender]];
  const raceSum = m.african + m.asian + m.caucasian;
  const races: Weighted = [['african', m.african / raceSum], ['asian', m.asian / raceSum], ['caucasian', m.caucasian / raceSum]];
  const muscles = threeWay(m.muscle, 'minmuscle', 'averagemuscle', 'maxmuscle');
  const weights = threeWay(m.weight, 'minweight', 'averageweight', 'maxweight');
  const heights: Weighted = [['minheight', Math.max(0, 1 - 2 * m.height)], ['maxheight', Math.max(0, 2 * m.height - 1)]];
  const props: Weighted = [['uncommonproportions', Math.max(0, 1 - 2 * m.proportions)], ['idealproportions', Math.max(0, 2 * m.proportions - 1)]];
  for (const [g, gw] of genders) {
    for (const [a, aw] of ages(m.age)) {
      if (gw * aw === 0) continue;
      for (const [r, rw] of races) out.push([`macrodetails/${r}-${g}-${a}.target`, rw * gw * aw]);
      for (const [mu, mw] of muscles) {
        for (const [w, ww] of weights) {
          const base = gw * aw * mw * ww;
          if (base === 0) continue;
          out.push([`macrodetails/universal-${g}-${a}-${mu}-${w}.target`, base]);
          for (const [h, hw] of heights) out.push([`macrodetails/height/${g}-${a}-${mu}-${w}-${h}.target`, base * hw]);
          if (a !== 'baby') for (const [p, pw] of props) out.push([`macrodetails/proportions/${g}-${a}-${mu}-${w}-${p}.target`, base * pw]);
        }
      }
    }
  }
  return out.filter(([, w]) => w > 1e-6);
}
