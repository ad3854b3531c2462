/**
 * The one mathjs instance behind calculated points and alarm expressions, so
 * parsing and unit handling are the same everywhere.
 *
 * @module
 */
import { all, create, type MathJsInstance } from "mathjs";

/** mathjs with every function, default number configuration. */
export const math: MathJsInstance = create(all);
