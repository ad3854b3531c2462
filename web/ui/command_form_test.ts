import assert from "node:assert/strict";
import type { JsonSchema } from "./api_types.ts";
import {
  buildArgs,
  currentValues,
  formFields,
  initialValues,
  isCheckbox,
  rangeHint,
  toFormValue,
} from "./command_form.ts";

// What zod's toJSONSchema gives for
// z.strictObject({ fault: z.enum([...]), severity: z.number().min(0).max(1).default(1),
//   spm: z.number().positive().max(12).optional(), n: z.int().min(1), on: z.boolean(),
//   note: z.string().optional(), mode: z.literal("auto").optional() })
const schema: JsonSchema = {
  type: "object",
  properties: {
    fault: { type: "string", enum: ["fluid_pound", "rod_parted"] },
    severity: { default: 1, type: "number", minimum: 0, maximum: 1 },
    spm: { type: "number", exclusiveMinimum: 0, maximum: 12 },
    n: { type: "integer", minimum: 1, maximum: 9007199254740991 },
    on: { type: "boolean" },
    note: { type: "string" },
    mode: { type: "string", const: "auto" },
  },
  required: ["fault", "severity", "n", "on"],
};

Deno.test("each schema property becomes the right kind of input", () => {
  const f = Object.fromEntries(formFields(schema).map((x) => [x.name, x]));
  assert.equal(f.fault.type, "enum");
  assert.deepEqual(f.fault.options, ["fluid_pound", "rod_parted"]);
  assert.equal(f.fault.required, true);
  assert.equal(f.severity.type, "number");
  assert.equal(f.severity.required, false, "a default makes it optional for the user");
  assert.equal(f.severity.defaultValue, 1);
  assert.deepEqual([f.severity.min, f.severity.max], [0, 1]);
  assert.deepEqual([f.spm.min, f.spm.minExclusive, f.spm.max], [0, true, 12]);
  assert.equal(f.n.type, "integer");
  assert.deepEqual([f.n.min, f.n.max], [1, undefined], "zod's safe-integer bound is no limit");
  assert.equal(f.on.type, "boolean");
  assert.equal(isCheckbox(f.on), true);
  assert.equal(f.note.required, false);
  assert.equal(f.mode.type, "const");
});

Deno.test("initial values take defaults and the first option of a required enum", () => {
  const v = initialValues(formFields(schema));
  assert.deepEqual(v, {
    fault: "fluid_pound",
    severity: "1",
    spm: "",
    n: "",
    on: false,
    note: "",
    mode: "",
  });
});

Deno.test("args are typed from the form and blank optional fields are left out", () => {
  const fields = formFields(schema);
  const v = { ...initialValues(fields), severity: "0.4", spm: "7.5", n: "3", on: true };
  assert.deepEqual(buildArgs(fields, v), {
    fault: "fluid_pound",
    severity: 0.4,
    spm: 7.5,
    n: 3,
    on: true,
    mode: "auto",
  });
  const blank = { ...v, severity: "", spm: "  " };
  assert.equal("severity" in buildArgs(fields, blank), false, "server applies the default");
  assert.equal("spm" in buildArgs(fields, blank), false);
});

Deno.test("a value the form cannot type goes to the server as typed, for it to judge", () => {
  const fields = formFields(schema);
  const v = { ...initialValues(fields), n: "three", spm: "99" };
  const args = buildArgs(fields, v);
  assert.equal(args.n, "three");
  assert.equal(args.spm, 99, "out of range is still a number; the server names the limit");
});

Deno.test("an optional boolean is a yes/no/unset choice", () => {
  const fields = formFields({ type: "object", properties: { force: { type: "boolean" } } });
  assert.equal(isCheckbox(fields[0]), false);
  assert.deepEqual(buildArgs(fields, { force: "" }), {});
  assert.deepEqual(buildArgs(fields, { force: "false" }), { force: false });
});

Deno.test("ranges read in words", () => {
  const f = Object.fromEntries(formFields(schema).map((x) => [x.name, x]));
  assert.equal(rangeHint(f.severity), "0 to 1");
  assert.equal(rangeHint(f.spm), "> 0, ≤ 12");
  assert.equal(rangeHint(f.n), "≥ 1");
  assert.equal(rangeHint(f.fault), undefined);
});

const point = (value: string | number | boolean, quality: "good" | "bad" = "good") => ({
  value,
  unit: "",
  quality,
  ts: 1,
});

function record(type: string, args: Record<string, unknown>, status = "executed") {
  return {
    id: `cmd-${type}-${JSON.stringify(args)}`,
    twin: "t",
    type,
    args,
    user: "u",
    comment: "",
    status: status as "executed" | "failed",
    requestedAt: 1,
  };
}

Deno.test("a set_x form opens on the twin's point x: a station in manual shows manual", () => {
  const mode = formFields({
    type: "object",
    properties: { mode: { type: "string", enum: ["auto", "manual", "off"] } },
    required: ["mode"],
  });
  assert.deepEqual(initialValues(mode), { mode: "auto" }, "the schema alone says auto");
  assert.deepEqual(currentValues("set_mode", mode, { mode: point("manual") }, []), {
    mode: "manual",
  });
  // A site's control mode is its own point, apart from the machine's mode.
  assert.deepEqual(
    currentValues("set_control_mode", mode, { control_mode: point("off") }, []),
    { mode: "off" },
  );
  assert.deepEqual(currentValues("set_mode", mode, { mode: point("manual", "bad") }, []), {});
});

Deno.test("a value the field cannot take is no setting: a stopped pump's speed 0 is not one", () => {
  const pct = formFields({
    type: "object",
    properties: { pct: { type: "number", minimum: 30, maximum: 110 } },
    required: ["pct"],
  });
  assert.deepEqual(currentValues("set_speed", pct, { speed: point(0) }, []), {});
  assert.deepEqual(currentValues("set_speed", pct, { speed: point(85) }, []), { pct: "85" });
  // Without a usable point the newest executed command of the type counts.
  const records = [
    record("set_speed", { pct: 95 }, "failed"),
    record("set_speed", { pct: 70 }),
    record("set_speed", { pct: 60 }),
  ];
  assert.deepEqual(currentValues("set_speed", pct, { speed: point(0) }, records), { pct: "70" });
});

Deno.test("commands without a matching point reopen on what was last sent", () => {
  const f = formFields(schema);
  const values = currentValues("inject_fault", f, {}, [
    record("inject_fault", { fault: "rod_parted", severity: 0.4, on: true }),
  ]);
  assert.deepEqual(values, { fault: "rod_parted", severity: "0.4", on: true });
  assert.deepEqual(currentValues("inject_fault", f, {}, []), {});
  assert.equal(toFormValue(f.find((x) => x.name === "fault")!, "meltdown"), undefined);
});
