/**
 * Linear least squares through mathjs: solve the normal equations
 * (XᵀX) β = Xᵀy with mathjs's LU solver. The callers scale their columns to
 * order one first, so the normal equations stay well conditioned for the
 * low-degree fits done here.
 *
 * @module
 */
import { det, lusolve } from "mathjs";

/**
 * Coefficients β minimising |X β - y|², X given as rows. Throws a sentence
 * when there are fewer rows than columns or the columns are dependent.
 */
export function leastSquares(rows: readonly (readonly number[])[], y: readonly number[]): number[] {
  const n = rows.length;
  const m = rows[0]?.length ?? 0;
  if (n !== y.length) throw new Error(`least squares: ${n} rows but ${y.length} values`);
  if (m === 0 || n < m) {
    throw new Error(`least squares: ${n} points cannot fix ${m} coefficients`);
  }
  const xtx = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  const xty = new Array<number>(m).fill(0);
  for (let r = 0; r < n; r++) {
    const row = rows[r];
    for (let i = 0; i < m; i++) {
      xty[i] += row[i] * y[r];
      for (let j = 0; j < m; j++) xtx[i][j] += row[i] * row[j];
    }
  }
  // The determinant of the correlation form of XᵀX is 1 for orthogonal columns and 0 for
  // dependent ones, whatever their scale: LU would divide by a rounding error instead.
  const scale = xtx.map((r, i) => Math.sqrt(r[i]));
  const corr = xtx.map((r, i) => r.map((v, j) => v / (scale[i] * scale[j] || 1)));
  if (!(Math.abs(det(corr)) > 1e-12)) {
    throw new Error("least squares: the data do not fix the coefficients (dependent columns)");
  }
  let solved: number[][];
  try {
    solved = lusolve(xtx, xty) as number[][];
  } catch (e) {
    throw new Error(
      `least squares: the data do not fix the coefficients (${(e as Error).message})`,
    );
  }
  const beta = solved.map((r) => Number(r[0]));
  if (!beta.every(Number.isFinite)) {
    throw new Error("least squares: the data do not fix the coefficients");
  }
  return beta;
}
