/**
 * Simulated RTU: mirrors the points of the assets behind it into a register
 * image once per step, the way a field RTU scans its I/O. Faults make it lose
 * communications (`comm_loss`) or freeze its image (`stale`).
 *
 * @module
 */
import {
  type Actuation,
  checkModel,
  type PointValues,
  type Simulator,
  type SimulatorState,
} from "../simulator.ts";
import {
  type DeclaredPoints,
  fillFromTemplate,
  type RegisterEntry,
  type RegisterTemplate,
  RegisterTemplates,
  templateLayout,
} from "./register_image.ts";

/** Faults an RTU simulator can be given. */
export const RTU_FAULTS = ["comm_loss", "stale"] as const;

/** Construction options for {@linkcode RtuSimulator}. */
export interface RtuSimulatorOptions {
  /** Twin id of the RTU. */
  id: string;
  /** Twin ids of the assets behind it. */
  assets: readonly string[];
  /** First register address. */
  base: number;
  /** Live values of a peer twin. */
  lookup(id: string): Readonly<PointValues> | undefined;
  /** Points a peer twin declares, which fix the layout. */
  declared(id: string): DeclaredPoints | undefined;
  /** Layouts shared with the runtime's other RTUs (default: this RTU's own). */
  templates?: RegisterTemplates;
}

/** A simulated RTU over its assets' points. */
export class RtuSimulator implements Simulator {
  readonly feeds: readonly string[];
  #opts: RtuSimulatorOptions;
  readonly #templates: RegisterTemplates;
  #template: RegisterTemplate | undefined;
  #regs = new Uint16Array(0);
  #scans = 0;
  #lastScanS = NaN;
  #tS = NaN;
  #faults = new Set<string>();
  #dirty = false;

  /** Build an RTU over `opts.assets`. */
  constructor(opts: RtuSimulatorOptions) {
    this.#opts = opts;
    this.#templates = opts.templates ?? new RegisterTemplates();
    this.feeds = [opts.id];
  }

  /**
   * The current register image (live view; do not keep across steps). It is
   * filled when read rather than on every scan: nearly all steps nobody
   * reads it, and filling 170 images every second cost more than all the
   * plant's physics.
   */
  get registers(): Uint16Array {
    if (this.#dirty) this.#fill();
    return this.#regs;
  }

  /** The register image, for serving it as a Modbus slave. */
  registerImage(): Uint16Array {
    return this.registers;
  }

  /** The register layout (none before the first scan). */
  get layout(): readonly RegisterEntry[] {
    const t = this.#template;
    return t ? templateLayout(t, this.#opts.assets, this.#opts.base) : [];
  }

  /** Scan the assets into the register image, unless a fault stops it. */
  step(_dtS: number, tS: number): void {
    // Data age counts from the first scan time this RTU saw, not from midnight.
    if (Number.isNaN(this.#lastScanS)) this.#lastScanS = tS;
    this.#tS = tS;
    if (this.#faults.has("comm_loss") || this.#faults.has("stale")) return;
    if (this.#template === undefined || this.#template.entries.length === 0) {
      // Lay out at the first scan rather than at construction: the plant's
      // supervisors declare calculated points on the assets after the
      // simulators are built. Declarations only, so the result is the same
      // at every (re)start.
      this.#template = this.#laidOut();
      this.#regs = new Uint16Array(this.#imageSize(this.#template));
    }
    this.#dirty = true;
    this.#scans++;
    this.#lastScanS = tS;
  }

  #laidOut(): RegisterTemplate {
    return this.#templates.of(this.#opts.assets, this.#opts.declared);
  }

  // Registers from address 0 to the end of the last point (none without points).
  #imageSize(t: RegisterTemplate): number {
    return t.entries.length > 0 ? this.#opts.base + t.size : 0;
  }

  #fill(): void {
    const o = this.#opts;
    fillFromTemplate(this.#regs, this.#template!, o.assets, o.base, o.lookup);
    this.#dirty = false;
  }

  /** Report the RTU's own status points. */
  read(_id: string, out: PointValues): void {
    out.comm_ok = !this.#faults.has("comm_loss");
    out.assets = this.#opts.assets.length;
    out.registers = this.#regs.length;
    out.scans = this.#scans;
    out.data_age = Number.isNaN(this.#tS) ? 0 : this.#tS - this.#lastScanS;
  }

  /** Inject or clear `comm_loss` / `stale`. */
  actuate(_id: string, action: Actuation): string | undefined {
    const fault = action.args.fault as string | undefined;
    if (action.type === "inject_fault") {
      if (!RTU_FAULTS.includes(fault as typeof RTU_FAULTS[number])) {
        return `unknown RTU fault "${fault}"; expected one of ${RTU_FAULTS.join(", ")}`;
      }
      // Freeze the image as it was at the last scan.
      if (this.#dirty) this.#fill();
      this.#faults.add(fault!);
    } else if (action.type === "clear_fault") {
      if (fault) this.#faults.delete(fault);
      else this.#faults.clear();
    }
    return undefined;
  }

  /** Scan count and times, faults and the register image (frozen while faulted). */
  snapshot(): SimulatorState {
    return {
      model: "rtu",
      scans: this.#scans,
      lastScanS: this.#lastScanS,
      tS: this.#tS,
      faults: [...this.#faults],
      laidOut: this.#template !== undefined && this.#template.entries.length > 0,
      regs: this.#regs.slice(),
      dirty: this.#dirty,
    };
  }

  /** Continue from {@linkcode RtuSimulator.snapshot}. */
  restore(state: SimulatorState): void {
    checkModel(state, "rtu");
    const s = state as unknown as {
      scans: number;
      lastScanS: number;
      tS: number;
      faults: string[];
      laidOut: boolean;
      regs: Uint16Array;
      dirty: boolean;
    };
    this.#scans = s.scans;
    this.#lastScanS = s.lastScanS;
    this.#tS = s.tS;
    this.#faults = new Set(s.faults);
    // The layout follows from declarations only, so it is laid out again, not copied.
    const template = s.laidOut ? this.#laidOut() : undefined;
    if (template && this.#imageSize(template) !== s.regs.length) {
      throw new Error(
        `the RTU's register layout changed (${s.regs.length} registers before, ${
          this.#imageSize(template)
        } now)`,
      );
    }
    this.#template = template;
    this.#regs = s.regs.slice();
    this.#dirty = s.dirty;
  }

  /** The register map, for the detail page and Modbus serving. */
  inspect(): Record<string, unknown> {
    return { faults: [...this.#faults], registerMap: this.layout };
  }
}
