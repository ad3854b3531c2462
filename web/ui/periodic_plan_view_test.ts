import assert from "node:assert/strict";
import {
  clockText,
  newerPlan,
  type PeriodicPlan,
  periodicPlanSummary,
} from "./periodic_plan_view.ts";

const T = Date.UTC(2026, 0, 1, 6, 0);

const plan = (over: Partial<PeriodicPlan> = {}): PeriodicPlan => ({
  twin: "ps1",
  job: "sch-1",
  status: "done",
  planned_at: T,
  arrived_at: T + 5_000,
  start_level_m: 3.204,
  result: {
    pumps: ["p1", "p2"],
    schedule: [[1, 0]],
    cost: 41.2,
    energy_kwh: 300,
    starts: 4,
    feasible: true,
    broken: [],
    baseline: { cost: 52.9 },
    saving_pct: 22.117,
  },
  ...over,
});

Deno.test("periodic plan: when, cost against the rule, saving and feasibility in words", () => {
  assert.equal(clockText(T), "2026-01-01 06:00 UTC");
  assert.deepEqual(periodicPlanSummary(plan()), {
    when: "planned 2026-01-01 06:00 UTC from a tank level of 3.20 m, for the 24 h from 00:00",
    outcome: "cost 41.20 (lead/lag 52.90), saving 22.1%, 4 starts",
    feasibility: "keeps every limit",
    feasible: true,
  });
  const broken = plan();
  broken.result = { ...broken.result!, feasible: false, broken: ["tank below 0.5 m at 13:00"] };
  const s = periodicPlanSummary(broken);
  assert.equal(s.feasibility, "breaks: tank below 0.5 m at 13:00");
  assert.equal(s.feasible, false);
  const rolling = plan();
  rolling.result = { ...rolling.result!, start_hour: 6 };
  assert.match(periodicPlanSummary(rolling).when, /, for the 24 h from 06:00$/);
});

Deno.test("periodic plan: a failed plan says why and is not feasible", () => {
  const s = periodicPlanSummary(
    plan({ status: "failed", result: undefined, error: "worker died" }),
  );
  assert.equal(s.outcome, "failed: worker died");
  assert.equal(s.feasibility, "");
  assert.equal(s.feasible, false);
});

Deno.test("periodic plan: an event replaces the shown plan only for this station and when not older", () => {
  const now = plan();
  const later = plan({ job: "sch-2", planned_at: T + 3_600_000 });
  assert.equal(newerPlan(null, later, "ps1"), later);
  assert.equal(newerPlan(now, later, "ps1"), later);
  assert.equal(newerPlan(later, now, "ps1"), later, "an older plan does not win");
  assert.equal(newerPlan(now, { ...later, twin: "ps2" }, "ps1"), now, "another station's");
  assert.equal(newerPlan(now, "nonsense", "ps1"), now);
  assert.equal(newerPlan(now, null, "ps1"), now);
});
