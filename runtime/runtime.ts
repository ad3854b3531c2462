/**
 * The runtime: one plant, one clock, one actor system. It builds twins and
 * their simulators from a validated plant, steps the simulators on the clock
 * (real or virtual), feeds the samples to the twins, and lets twins be
 * stopped, started and reconfigured while everything else keeps running.
 *
 * @module
 */
import type { AnyActorLogic } from "xstate";
import { PlantSystem } from "../actors/plant_system.ts";
import { type Authorizer, CommandPath } from "../commands/command_path.ts";
import type { Plant, TwinConfig } from "../plant/plant_file.ts";
import type { Actuation, Simulator } from "../simulators/simulator.ts";
import type { KindRegistry } from "../twins/registry.ts";
import { Twin, type TwinSource } from "../twins/twin.ts";
import { type Clock, RealClock, VirtualClock } from "./clock.ts";
import { StatusError } from "./status_error.ts";
import { twinSeed } from "./twin_seed.ts";

/** Options for {@linkcode Runtime}. */
export interface RuntimeOptions {
  /** Run on virtual time (default false: real time). */
  virtual?: boolean;
  /** Use this clock instead of a new one. */
  clock?: Clock;
  /** Authorisation hook for commands. */
  authorize?: Authorizer;
  /** Where to report problems that must not stop the runtime. Default console.error. */
  log?(message: string): void;
  /**
   * A point sampled one by one (by a driver) turns `uncertain` once it is
   * older than this many of its source's sample periods. Default: the
   * plant's `stale_after_periods`.
   */
  staleAfterPeriods?: number;
  /**
   * UTC midnight (epoch ms) simulators count daily time from; default the
   * midnight before the clock's start. A fork of a running plant passes the
   * running plant's, so its simulators see the same times, bit for bit.
   */
  dayStartMs?: number;
}

/** A simulator and the twins it feeds. */
interface SimGroup {
  owner: string;
  sim: Simulator;
  twins: Twin[];
  running: boolean;
  failed: boolean;
  /** The source of every twin it feeds. */
  source: SimulatorSource;
}

/**
 * The source of twins a simulator feeds: actuations and inspection go to
 * the simulator. One object per simulator, with its methods on the
 * prototype, rather than three bound functions per twin (about 20 MB at
 * 100,000 twins).
 */
class SimulatorSource implements TwinSource {
  readonly type = "simulator";
  readonly #sim: Simulator;

  constructor(sim: Simulator) {
    this.#sim = sim;
  }

  actuate(id: string, action: Actuation): string | undefined {
    return this.#sim.actuate(id, action);
  }

  inspect(id: string): Record<string, unknown> | undefined {
    return this.#sim.inspect?.(id);
  }

  registerImage(id: string): Uint16Array | undefined {
    return this.#sim.registerImage?.(id);
  }
}

/** Counters the runtime keeps for `/metrics` and benchmarks. */
export interface RuntimeStats {
  /** Ticks completed. */
  steps: number;
  /** Twin samples ingested. */
  twinSteps: number;
  /** How late the latest real-time tick ran, in ms. */
  lagMs: number;
  /** Worst tick lag seen, in ms. */
  maxLagMs: number;
  /** Worst tick lag of the latest ten ticks, in ms: a stall stays visible while the loop catches up. */
  recentLagMs: number;
  /** Clock time of the latest completed step (epoch ms); 0 before the first. */
  lastStepAt: number;
}

/** A running plant. */
export class Runtime {
  /** The plant it runs. */
  readonly plant: Plant;
  /** Known asset kinds. */
  readonly kinds: KindRegistry;
  /** The one clock. */
  readonly clock: Clock;
  /** Every twin by id, in plant order. */
  readonly twins = new Map<string, Twin>();
  /** Per kind, what its simulators share in this runtime (SimulatorContext.memo). */
  readonly #memos = new Map<string, Map<string, unknown>>();
  /** The command path. */
  readonly commands: CommandPath;
  /** Counters. */
  readonly stats: RuntimeStats = {
    steps: 0,
    twinSteps: 0,
    lagMs: 0,
    maxLagMs: 0,
    recentLagMs: 0,
    lastStepAt: 0,
  };
  readonly #configs = new Map<string, TwinConfig>();
  /** Each twin id's {@linkcode Twin.index}, kept when a twin leaves so a rebuilt one gets it again. */
  readonly #indexOf = new Map<string, number>();
  readonly #system: PlantSystem;
  readonly #groups = new Map<string, SimGroup>();
  #order: SimGroup[] = [];
  readonly #listeners = new Set<(twin: Twin) => void>();
  readonly #stepListeners = new Set<(now: number) => void>();
  readonly #setListeners = new Set<(change: TwinSetChange) => void>();
  readonly #sourceProviders = new Map<string, (id: string) => TwinSource | undefined>();
  readonly #log: (message: string) => void;
  readonly #t0: number;
  readonly #stepMs: number;
  readonly #staleAfterPeriods: number;
  /** Running twins not fed by a simulator, whose points can go stale; rebuilt lazily. */
  #sampled: Twin[] | undefined;
  #nextTick: number;
  #timer: unknown;
  #running = false;

  /** Build every twin of `plant` and start their actors. */
  constructor(plant: Plant, kinds: KindRegistry, opts: RuntimeOptions = {}) {
    this.plant = plant;
    this.kinds = kinds;
    this.#log = opts.log ?? ((m) => console.error(m));
    this.clock = opts.clock ??
      (opts.virtual ? new VirtualClock(plant.startMs) : new RealClock());
    this.#stepMs = plant.stepS * 1000;
    this.#staleAfterPeriods = opts.staleAfterPeriods ?? plant.staleAfterPeriods ?? 3;
    // Simulators see time as seconds since UTC midnight of the first day, so
    // daily cycles (ambient, demand) line up with the clock on real time and
    // with a plant whose virtual start is not midnight.
    const now = this.clock.now();
    this.#t0 = opts.dayStartMs ?? now - (((now % 86_400_000) + 86_400_000) % 86_400_000);
    this.#nextTick = now + this.#stepMs;
    this.#system = new PlantSystem(this.clock);
    this.commands = new CommandPath({
      twin: (id) => this.twins.get(id),
      clock: this.clock,
      authorize: opts.authorize,
    });
    for (const config of plant.twins) this.#configs.set(config.id, config);
    this.#build(plant.twins);
  }

  /** Whether the real-time loop is running. */
  get running(): boolean {
    return this.#running;
  }

  /** The plant-file configuration of a twin. */
  config(id: string): TwinConfig | undefined {
    return this.#configs.get(id);
  }

  /** Subscribe to twin changes (values or mode); returns an unsubscribe function. */
  onChange(listener: (twin: Twin) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Let a driver feed the twins whose plant-file source is `type` (for
   * example `modbus`): `provider(id)` gives the twin's source for
   * actuations, now and whenever the twin is (re)started. The driver then
   * feeds values with `twin.update(values, ts, quality)`.
   */
  registerSource(type: string, provider: (id: string) => TwinSource | undefined): void {
    this.#sourceProviders.set(type, provider);
    this.#sampled = undefined;
    for (const twin of this.twins.values()) {
      if (this.#configs.get(twin.id)?.source.type === type) twin.source = provider(twin.id);
    }
  }

  /**
   * Run `listener` after every completed step, once all twins have their new
   * values (calculated points, alarm scans); returns an unsubscribe function.
   */
  onStep(listener: (now: number) => void): () => void {
    this.#stepListeners.add(listener);
    return () => this.#stepListeners.delete(listener);
  }

  /**
   * Run `listener` when twins are added to or removed from the plant (a
   * reconfiguration that changes a station's pumps), so supervisors bound
   * to twins follow the set; returns an unsubscribe function.
   */
  onTwinsChanged(listener: (change: TwinSetChange) => void): () => void {
    this.#setListeners.add(listener);
    return () => this.#setListeners.delete(listener);
  }

  /** Twins whose simulator failed and was halted (the owner of each halted simulator). */
  halted(): string[] {
    return [...this.#groups.values()].filter((g) => g.failed).map((g) => g.owner);
  }

  /** The simulator a twin owns (feeding it and its children), for snapshots. */
  simulatorOf(owner: string): Simulator | undefined {
    return this.#groups.get(owner)?.sim;
  }

  /** UTC midnight (epoch ms) the simulators count daily time from. */
  get dayStartMs(): number {
    return this.#t0;
  }

  /** The plant step in ms. */
  get stepMs(): number {
    return this.#stepMs;
  }

  /** Rich data of a twin's source (a card, a register map). */
  inspect(id: string): Record<string, unknown> | undefined {
    const twin = this.twins.get(id);
    return twin?.source?.inspect?.(id);
  }

  /** Advance every running simulator by one step and feed its twins. */
  step(): void {
    const dtS = this.#stepMs / 1000;
    const now = this.clock.now();
    const tS = (now - this.#t0) / 1000;
    for (const group of this.#order) {
      if (!group.running || group.failed) continue;
      try {
        group.sim.step(dtS, tS);
        for (const twin of group.twins) {
          group.sim.read(twin.id, twin.values);
          twin.ingest(now);
        }
        this.stats.twinSteps += group.twins.length;
      } catch (e) {
        // One broken model must not take the plant down: its twins go bad
        // and the rest keep running.
        group.failed = true;
        for (const twin of group.twins) twin.markAll("bad");
        this.#log(`simulator of "${group.owner}" failed and was halted: ${(e as Error).stack}`);
      }
    }
    this.#markStale(now);
    this.stats.steps++;
    this.stats.lastStepAt = now;
    for (const listener of this.#stepListeners) {
      try {
        listener(now);
      } catch (e) {
        this.#log(`step listener failed: ${(e as Error).stack}`);
      }
    }
  }

  /** On virtual time: run for `ms` of simulated time as fast as the CPU allows. */
  runFor(ms: number): void {
    if (!(this.clock instanceof VirtualClock)) {
      throw new Error("runFor needs a runtime on virtual time");
    }
    const end = this.clock.now() + ms;
    while (this.#nextTick <= end) {
      this.clock.advanceTo(this.#nextTick);
      this.#nextTick += this.#stepMs;
      this.step();
    }
    this.clock.advanceTo(end);
  }

  /** On real time: start stepping every `step_s`. */
  start(): void {
    if (this.#running) return;
    if (this.clock.virtual) throw new Error("start() runs real time; use runFor on virtual time");
    this.#running = true;
    this.#nextTick = this.clock.now() + this.#stepMs;
    const recent = new Array<number>(10).fill(0);
    const tick = () => {
      if (!this.#running) return;
      const lag = this.clock.now() - this.#nextTick;
      this.stats.lagMs = Math.max(0, lag);
      this.stats.maxLagMs = Math.max(this.stats.maxLagMs, this.stats.lagMs);
      recent[this.stats.steps % recent.length] = this.stats.lagMs;
      this.stats.recentLagMs = Math.max(...recent);
      // After a long stall (a suspended laptop) skip ahead instead of racing.
      if (lag > 10 * this.#stepMs) this.#nextTick = this.clock.now();
      this.step();
      this.#nextTick += this.#stepMs;
      this.#timer = this.clock.setTimeout(tick, Math.max(0, this.#nextTick - this.clock.now()));
    };
    this.#timer = this.clock.setTimeout(tick, this.#stepMs);
  }

  /** Stop the real-time loop and every actor. */
  shutdown(): void {
    this.#running = false;
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer as number);
    this.#system.shutdown();
  }

  /**
   * Replace a running twin's actor with one resumed from `persisted` (an
   * XState persisted snapshot of the same kind's machine, taken in a running
   * plant): a what-if fork carries a state its points do not show
   * (maintenance, a latched trip) and the machine's context. Its delays are
   * not in the snapshot; the fork re-arms them (`twins/machine_timers.ts`).
   */
  resumeActor(id: string, persisted: unknown): void {
    const twin = this.#require(id);
    if (!twin.running) throw new RuntimeError(409, `"${id}" is not running`);
    const p = persisted as { status?: unknown; value?: unknown; context?: unknown };
    if (p?.status !== "active") throw new RuntimeError(400, `"${id}": not an active machine state`);
    // Throws for a state this machine lacks, before the running actor is stopped.
    twin.def.machine.resolveState({ value: p.value as never, context: p.context as never });
    const actor = this.#system.spawn([{
      id,
      logic: twin.def.machine,
      input: { id, params: twin.params },
      snapshot: persisted,
    }]).get(id)!;
    twin.attach(actor, twin.source, true);
  }

  /** Stop a twin (and its children) without touching the rest of the plant. */
  stopTwin(id: string): void {
    const twin = this.#require(id);
    if (twin.parent) {
      throw new RuntimeError(
        409,
        `"${id}" is part of "${twin.parent}"; stop "${twin.parent}" instead`,
      );
    }
    if (!twin.running) return;
    const family = this.#family(id);
    this.#system.stop(family.map((t) => t.id));
    const group = this.#groups.get(id);
    if (group) group.running = false;
    for (const t of family) t.detach();
  }

  /** Start a stopped twin (and its children) with fresh state. */
  startTwin(id: string): void {
    const twin = this.#require(id);
    if (twin.parent) {
      throw new RuntimeError(
        409,
        `"${id}" is part of "${twin.parent}"; start "${twin.parent}" instead`,
      );
    }
    if (twin.running) return;
    this.#build(this.#family(id).map((t) => this.#configs.get(t.id)!));
  }

  /**
   * Replace a twin's parameters (already validated by the caller, children
   * included) and restart it; the rest of the plant keeps running. Twins
   * that stay keep their identity (and whatever supervisors attached to
   * them, such as calculated points); children the new params drop go.
   */
  reconfigureTwin(id: string, configs: TwinConfig[]): void {
    const kept = new Set(configs.map((c) => c.id));
    const old = this.#family(id);
    const before = new Set(old.map((t) => t.id));
    this.stopTwin(id);
    const removed: string[] = [];
    for (const t of old) {
      if (kept.has(t.id)) continue;
      this.twins.delete(t.id);
      this.#configs.delete(t.id);
      removed.push(t.id);
    }
    this.#groups.delete(id);
    for (const c of configs) this.#configs.set(c.id, c);
    this.#build(configs);
    const added = configs.map((c) => c.id).filter((c) => !before.has(c));
    if (added.length === 0 && removed.length === 0) return;
    for (const listener of this.#setListeners) {
      try {
        listener({ added, removed });
      } catch (e) {
        this.#log(`twin-set listener failed: ${(e as Error).stack}`);
      }
    }
  }

  /** Points of driver-fed twins that got no sample for a few periods go uncertain. */
  #markStale(now: number): void {
    this.#sampled ??= [...this.twins.values()].filter((t) => t.source?.type !== "simulator");
    for (const twin of this.#sampled) {
      if (!twin.running) continue;
      twin.markStale(now, this.#staleAfterPeriods * (twin.source?.periodMs ?? this.#stepMs));
    }
  }

  /** The memo the simulators of `kind` share. */
  #kindMemo(kind: string): Map<string, unknown> {
    let memo = this.#memos.get(kind);
    if (!memo) this.#memos.set(kind, memo = new Map());
    return memo;
  }

  #require(id: string): Twin {
    const twin = this.twins.get(id);
    if (!twin) throw new RuntimeError(404, `no twin with id "${id}"`);
    return twin;
  }

  #family(id: string): Twin[] {
    return [...this.twins.values()].filter((t) => t.id === id || t.parent === id);
  }

  #notify = (twin: Twin) => {
    for (const listener of this.#listeners) listener(twin);
  };

  /** Create (or re-create) twins, their actors and their simulators. */
  #build(configs: TwinConfig[]): void {
    const spawns: { id: string; logic: AnyActorLogic; input: unknown }[] = [];
    for (const c of configs) {
      const def = this.kinds.get(c.kind)!;
      let twin = this.twins.get(c.id);
      if (!twin) {
        let index = this.#indexOf.get(c.id);
        if (index === undefined) this.#indexOf.set(c.id, index = this.#indexOf.size);
        twin = new Twin(c.id, def, c.params, c.parent, this.#notify, index);
        this.twins.set(c.id, twin);
      }
      twin.params = c.params;
      twin.name = c.name;
      spawns.push({ id: c.id, logic: def.machine, input: { id: c.id, params: c.params } });
    }
    const actors = this.#system.spawn(spawns);

    // Children by parent once: looking them up per parent would make
    // building a plant quadratic in its size.
    const children = new Map<string, { id: string; kind: string; params: unknown }[]>();
    for (const k of configs) {
      if (k.parent === undefined) continue;
      const list = children.get(k.parent) ?? [];
      list.push({ id: k.id, kind: k.kind, params: k.params });
      children.set(k.parent, list);
    }
    const fed = new Map<string, SimGroup>();
    for (const c of configs) {
      if (c.parent || c.source.type !== "simulator") continue;
      const def = this.kinds.get(c.kind)!;
      if (!def.simulator) continue;
      const sim = def.simulator({
        id: c.id,
        params: c.params,
        seed: twinSeed(this.plant.seed, c.id),
        children: children.get(c.id) ?? [],
        lookup: (peer) => this.twins.get(peer)?.values,
        declared: (peer) => {
          const t = this.twins.get(peer);
          return t && { own: t.def.points, extra: t.extraPoints };
        },
        memo: this.#kindMemo(c.kind),
      });
      // `map` sizes its array exactly; a `filter` would leave room for 16
      // twins in each group's array, most of which feed one (14 MB at 100k).
      const found = sim.feeds.map((f) => this.twins.get(f));
      const group: SimGroup = {
        owner: c.id,
        sim,
        twins: found.includes(undefined) ? found.filter((t) => t !== undefined) : found as Twin[],
        running: true,
        failed: false,
        source: new SimulatorSource(sim),
      };
      this.#groups.set(c.id, group);
      for (const t of group.twins) fed.set(t.id, group);
    }
    for (const c of configs) {
      const group = fed.get(c.id);
      const source = group ? group.source : this.#sourceProviders.get(c.source.type)?.(c.id);
      this.twins.get(c.id)!.attach(actors.get(c.id)!, source);
    }
    // Kinds that mirror peers (RTUs) step after everything they mirror.
    const groups = [...this.#groups.values()];
    const readsPeers = (g: SimGroup) =>
      this.kinds.get(this.#configs.get(g.owner)!.kind)?.readsPeers;
    this.#order = [...groups.filter((g) => !readsPeers(g)), ...groups.filter(readsPeers)];
    this.#sampled = undefined;
  }
}

/** Twins added to and removed from the plant by one change. */
export interface TwinSetChange {
  /** Ids of the new twins (already built and running). */
  readonly added: readonly string[];
  /** Ids of the twins gone. */
  readonly removed: readonly string[];
}

/** A runtime operation refused; `status` is the HTTP status to answer with. */
export class RuntimeError extends StatusError {}
