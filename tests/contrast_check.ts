/**
 * WCAG 2.1 contrast of every visible text in a page, computed in the
 * browser from the rendered styles: the text colour (with its alpha and the
 * opacity of the element and its ancestors) over the background it sits on
 * (the background colours of its ancestors composited over white). Normal
 * text needs 4.5:1 and large text (24 px, or 18.66 px bold) 3:1 (WCAG 1.4.3);
 * disabled controls are exempt, as WCAG exempts inactive components.
 *
 * @module
 */
import type { Page } from "playwright-core";

/** One text below its contrast threshold. */
export interface ContrastFailure {
  /** The text (first 40 characters). */
  text: string;
  /** A CSS path to the element. */
  path: string;
  /** Contrast ratio found. */
  ratio: number;
  /** Ratio required. */
  needed: number;
  /** Text colour after opacity, as `rgb(...)`. */
  fg: string;
  /** Background it was judged on, as `rgb(...)`. */
  bg: string;
}

/** Check every visible text of `page`; returns the failures and how many texts were judged. */
export async function checkContrast(
  page: Page,
): Promise<{ checked: number; failures: ContrastFailure[] }> {
  return await page.evaluate(() => {
    type RGBA = [number, number, number, number];
    const parse = (c: string): RGBA => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return [0, 0, 0, 0];
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const over = (top: RGBA, under: RGBA): RGBA => {
      const a = top[3];
      return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1) as RGBA;
    };
    const lum = (c: RGBA) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    };
    const ratio = (a: RGBA, b: RGBA) => {
      const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x);
      return (l1 + 0.05) / (l2 + 0.05);
    };
    const path = (el: Element) => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && parts.length < 4; e = e.parentElement) {
        parts.unshift(
          e.tagName.toLowerCase() + (e.id ? `#${e.id}` : "") +
            (e.classList.length ? `.${[...e.classList].join(".")}` : ""),
        );
      }
      return parts.join(" > ");
    };
    const failures: ContrastFailure[] = [];
    let checked = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !n.textContent?.trim()) continue;
      seen.add(el);
      if (el.closest("script, style, noscript, .visually-hidden, [hidden]")) continue;
      if ((el.closest("button, input, select, textarea") as HTMLButtonElement | null)?.disabled) {
        continue;
      }
      const rects = el.getClientRects();
      // Off-screen text (a skip link parked at left: -999px until focused) is not seen.
      if (!rects.length || rects[0].width === 0 || rects[0].right <= 0) continue;
      const cs = getComputedStyle(el);
      if (cs.visibility !== "visible") continue;
      // Background: ancestors' colours, root first, over white; opacity multiplies down.
      const chain: Element[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) chain.unshift(e);
      let bg: RGBA = [255, 255, 255, 1];
      let opacity = 1;
      for (const e of chain) {
        const s = getComputedStyle(e);
        bg = over(parse(s.backgroundColor), bg);
        opacity *= Number(s.opacity);
      }
      const fgRaw = parse(cs.color);
      const fg = over([fgRaw[0], fgRaw[1], fgRaw[2], fgRaw[3] * opacity], bg);
      const size = parseFloat(cs.fontSize);
      const bold = Number(cs.fontWeight) >= 700;
      const large = size >= 24 || (size >= 18.66 && bold);
      const needed = large ? 3 : 4.5;
      const r = ratio(fg, bg);
      checked++;
      if (r < needed - 0.005) {
        failures.push({
          text: n.textContent.trim().slice(0, 40),
          path: path(el),
          ratio: Math.round(r * 100) / 100,
          needed,
          fg: `rgb(${fg.slice(0, 3).map(Math.round).join(",")})`,
          bg: `rgb(${bg.slice(0, 3).map(Math.round).join(",")})`,
        });
      }
    }
    return { checked, failures };
  });
}
