import { watch, type FSWatcher } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { VigilError } from '../domain/index.js';
import type { Logger } from '../observability/logger.js';
import { RulePackSet, type RulePackInfo } from './rule-pack-set.js';
import type { CompiledRule, RuleError, SiteContext } from './rule-types.js';

export interface RuleSetUpdate {
  rules: CompiledRule[];
  errors: RuleError[];
  packs: RulePackInfo[];
}

export interface RulesFolderOptions {
  dir: string;
  site: SiteContext;
  logger?: Logger;
  /** Quiet time after the last change in the folder before it is read again. */
  debounceMs?: number;
  /** Called after the first load and after every reload that changed something. */
  onChange?: (update: RuleSetUpdate) => void;
  now?: () => number;
}

const PACK_FILE = /\.ya?ml$/i;

/** Keeps a RulePackSet in step with the *.yaml / *.yml files of a folder. */
export class RulesFolder {
  readonly packs: RulePackSet;
  private readonly texts = new Map<string, string>();
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<boolean> | null = null;
  private again = false;
  private closed = false;

  constructor(private readonly options: RulesFolderOptions) {
    this.packs = new RulePackSet(options.site);
  }

  /** Reads the folder, reports the first rule set, then watches for changes. */
  async start(): Promise<RuleSetUpdate> {
    await this.reload(true);
    this.watcher = watch(this.options.dir, () => this.schedule());
    this.watcher.on('error', (err) => this.options.logger?.error({ err, dir: this.options.dir }, 'rules folder watch failed'));
    return this.snapshot();
  }

  /** Reads the folder now; returns whether any pack changed. Concurrent calls are folded into one re-run. */
  async reload(force = false): Promise<boolean> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.scan(force);
    try {
      let changed = await this.running;
      while (this.again && !this.closed) {
        this.again = false;
        this.running = this.scan(false);
        changed = (await this.running) || changed;
      }
      return changed;
    } finally {
      this.running = null;
    }
  }

  setSite(site: SiteContext): void {
    this.packs.setSite(site, this.now());
    this.report([...this.texts.keys()]);
    this.options.onChange?.(this.snapshot());
  }

  snapshot(): RuleSetUpdate {
    return { rules: this.packs.rules(), errors: this.packs.errors(), packs: this.packs.packs() };
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.watcher?.close();
    this.watcher = null;
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.reload().catch((err: unknown) => this.options.logger?.error({ err }, 'rules folder reload failed'));
    }, this.options.debounceMs ?? 150);
  }

  private async scan(force: boolean): Promise<boolean> {
    const dir = this.options.dir;
    let names: string[];
    try {
      names = (await readdir(dir)).filter((name) => PACK_FILE.test(name)).sort();
    } catch (err) {
      throw new VigilError('invalid_rules', `rules folder ${dir} cannot be read: ${(err as Error).message}`);
    }
    const now = this.now();
    const present = new Set<string>();
    const loaded: string[] = [];
    for (const name of names) {
      const file = join(dir, name);
      const text = await readFile(file, 'utf8').catch(() => null);
      if (text === null) continue;
      present.add(file);
      if (this.texts.get(file) === text) continue;
      this.texts.set(file, text);
      this.packs.load(file, text, now);
      loaded.push(file);
    }
    let removed = false;
    for (const file of [...this.texts.keys()]) {
      if (present.has(file)) continue;
      this.texts.delete(file);
      this.packs.remove(file, now);
      this.options.logger?.info({ file }, 'rule pack removed');
      removed = true;
    }
    const changed = loaded.length > 0 || removed;
    if (changed) this.report(loaded);
    if ((changed || force) && !this.closed) this.options.onChange?.(this.snapshot());
    return changed;
  }

  private report(files: readonly string[]): void {
    const logger = this.options.logger;
    if (!logger) return;
    const packs = new Map(this.packs.packs().map((p) => [p.file, p]));
    for (const file of files) {
      const pack = packs.get(file);
      if (!pack) continue;
      for (const e of pack.errors) logger.error({ file: e.file, line: e.line, column: e.column }, `${e.file}:${e.line}:${e.column} ${e.message}`);
      if (pack.errors.length === 0) logger.info({ file, rules: pack.rules.length }, 'rule pack loaded');
      else if (pack.loadedAt !== null) logger.warn({ file }, 'rule pack has errors; its previous version keeps running');
      else logger.warn({ file }, 'rule pack has errors and is not running');
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
