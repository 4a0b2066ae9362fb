/**
 * Standard normal CDF and quantile, used to combine calibrated scores on the
 * probit scale. Internal to the ensemble. Both are O(1) and allocate nothing.
 */

/**
 * Φ(z), the standard normal CDF. Relative error below 1.2e-7 in both tails
 * (Numerical Recipes' Chebyshev fit of erfc), so 1 − Φ(z) stays meaningful
 * out to z ≈ 8.
 */
export function normalCdf(z: number): number {
  const x = -z / Math.SQRT2;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.5 * a);
  const erfcA =
    t *
    Math.exp(
      -a * a -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  const erfcX = x >= 0 ? erfcA : 2 - erfcA;
  return 0.5 * erfcX;
}

const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const B = [
  -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

function tail(q: number): number {
  const r = Math.sqrt(-2 * Math.log(q));
  return (
    (((((C[0]! * r + C[1]!) * r + C[2]!) * r + C[3]!) * r + C[4]!) * r + C[5]!) /
    ((((D[0]! * r + D[1]!) * r + D[2]!) * r + D[3]!) * r + 1)
  );
}

/**
 * Φ⁻¹(p), the standard normal quantile (Acklam's rational approximation,
 * relative error below 1.2e-9). Returns −Infinity for p ≤ 0, +Infinity for
 * p ≥ 1 and NaN for NaN; callers clamp.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p)) return Number.NaN;
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  if (p < P_LOW) return tail(p);
  if (p > 1 - P_LOW) return -tail(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) /
    (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1)
  );
}
