/**
 * A fleet card's sparkline: one key value over the last hour as a thin grey
 * line on a small canvas, drawn when its values arrive from the page's
 * {@linkcode SparklineStore}; nothing outside the fleet page.
 *
 * @module
 */
import { useContext, useEffect, useRef } from "preact/hooks";
import { sparkKey, sparkSegments } from "./sparkline_data.ts";
import { SparklineContext } from "./sparkline_store.ts";

const W = 56, H = 16;

/** The sparkline of `point` of `twin`. */
export function Sparkline(props: { twin: string; point: string }) {
  const store = useContext(SparklineContext);
  const canvas = useRef<HTMLCanvasElement>(null);
  const key = sparkKey(props.twin, props.point);

  useEffect(() => {
    const el = canvas.current;
    if (!store || !el) return;
    const draw = () => {
      const values = store.get(key) ?? [];
      const ratio = globalThis.devicePixelRatio || 1;
      if (el.width !== W * ratio) {
        el.width = W * ratio;
        el.height = H * ratio;
      }
      const ctx = el.getContext("2d")!;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, W, H);
      ctx.strokeStyle = "#5b636b";
      ctx.lineWidth = 1;
      for (const seg of sparkSegments(values, W, H)) {
        ctx.beginPath();
        seg.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
        if (seg.length === 1) ctx.lineTo(seg[0][0] + 1, seg[0][1]);
        ctx.stroke();
      }
      el.dataset.values = String(values.filter((v) => v !== null).length);
    };
    if (store.get(key)) draw();
    return store.watch(key, el, draw);
  }, [store, key]);

  if (!store) return null;
  return <canvas class="spark" ref={canvas} width={W} height={H} aria-hidden="true" />;
}
