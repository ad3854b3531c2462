/**
 * A well's latest card diagnosis, in the operator's words with its
 * confidence; the class name stays in `data-class` (and a tooltip) for
 * those who know the dataset's labels.
 *
 * @module
 */
import { confidenceText, diagnosisWords, isFaultClass } from "./card_diagnosis_words.ts";

/** Props of {@linkcode CardDiagnosis}. */
export interface CardDiagnosisProps {
  /** Card class (dataset label, or NOT_PUMPING). */
  cls: string;
  /** Confidence, % (0-100). */
  confidence: number;
}

/** The diagnosis line under the card plot. */
export function CardDiagnosis(props: CardDiagnosisProps) {
  const { cls, confidence } = props;
  const fault = isFaultClass(cls);
  return (
    <p
      id="card-diagnosis"
      class={fault ? "card-diagnosis card-diagnosis-fault" : "card-diagnosis"}
      data-class={cls}
      data-confidence={confidence}
      aria-live="polite"
    >
      Diagnosis: <strong class="diagnosis-words" title={cls}>{diagnosisWords(cls)}</strong>
      {cls !== "NOT_PUMPING" && (
        <>
          {" "}· confidence <span class="diagnosis-confidence">{confidenceText(confidence)}</span>
        </>
      )}
    </p>
  );
}

/**
 * The diagnosis from a well's live points (`diagnosis`, `diagnosis_confidence` in %),
 * falling back to the source detail's (`{class, confidence}` with confidence 0-1).
 */
export function diagnosisOf(
  points: Record<string, { value: unknown } | undefined>,
  detail: Record<string, unknown> | undefined,
): CardDiagnosisProps | undefined {
  const cls = points.diagnosis?.value;
  const conf = points.diagnosis_confidence?.value;
  if (typeof cls === "string" && typeof conf === "number") return { cls, confidence: conf };
  const d = detail?.diagnosis as { class?: unknown; confidence?: unknown } | null | undefined;
  if (d && typeof d.class === "string" && typeof d.confidence === "number") {
    return { cls: d.class, confidence: 100 * d.confidence };
  }
  return undefined;
}
