import type {
  ChannelPageQuery,
  ChannelStore,
  NewAuthorization,
  NewChannel,
  StoreTransaction,
  StoredAuthorization,
  StoredChannel,
  StoredChannelPage,
} from './channel-store.js';
import { MemoryHealthLeases } from './memory-health-leases.js';
import { MemoryJobQueue } from './memory-job-queue.js';
import { checkLimit, duplicateRow, invalidCursor, missingRow } from './sql-store.js';

const key = (workspaceId: string, id: string) => `${workspaceId}\u0000${id}`;

/** One workspace's channels, in insertion order. A cursor is the position of the next page's first row. */
interface Workspace {
  ids: string[];
  rows: Map<string, StoredChannel>;
}

/** The committed state. A transaction writes to its own overlay, copied in only when its work resolves. */
interface State {
  workspaces: Map<string, Workspace>;
  authorizations: Map<string, StoredAuthorization>;
  authorizationByState: Map<string, string>;
}

class MemoryTransaction implements StoreTransaction {
  /** Channels and authorizations written here, by key, in the order first written (so inserts keep their order). */
  readonly channels = new Map<string, StoredChannel>();
  readonly authorizations = new Map<string, StoredAuthorization>();

  constructor(private readonly state: State) {}

  async getChannel(workspaceId: string, channelId: string): Promise<StoredChannel | null> {
    const row = this.channels.get(key(workspaceId, channelId)) ?? this.state.workspaces.get(workspaceId)?.rows.get(channelId);
    return row ? structuredClone(row) : null;
  }

  /** Transactions run one at a time, so reading is locking. */
  lockChannel(workspaceId: string, channelId: string): Promise<StoredChannel | null> {
    return this.getChannel(workspaceId, channelId);
  }

  channelsForAccount(type: string, accountId: string): Promise<StoredChannel[]> {
    return this.channelsWhere((row) => row.type === type && row.accountId === accountId);
  }

  channelsByMetaRef(ref: string): Promise<StoredChannel[]> {
    return this.channelsWhere((row) => row.metaRefs?.includes(ref) === true);
  }

  async insertChannel(channel: NewChannel): Promise<StoredChannel> {
    if (await this.getChannel(channel.workspaceId, channel.id)) throw duplicateRow();
    return this.writeChannel({ ...channel, version: 1 });
  }

  async saveChannel(channel: StoredChannel): Promise<StoredChannel> {
    const current = await this.getChannel(channel.workspaceId, channel.id);
    if (!current) throw missingRow('channel');
    return this.writeChannel({ ...channel, version: current.version + 1 });
  }

  async getAuthorization(workspaceId: string, authorizationId: string): Promise<StoredAuthorization | null> {
    const k = key(workspaceId, authorizationId);
    const row = this.authorizations.get(k) ?? this.state.authorizations.get(k);
    return row ? structuredClone(row) : null;
  }

  lockAuthorization(workspaceId: string, authorizationId: string): Promise<StoredAuthorization | null> {
    return this.getAuthorization(workspaceId, authorizationId);
  }

  async lockAuthorizationByState(state: string): Promise<StoredAuthorization | null> {
    const row = this.authorizationWithState(state);
    return row ? structuredClone(row) : null;
  }

  async insertAuthorization(authorization: NewAuthorization): Promise<StoredAuthorization> {
    if (await this.getAuthorization(authorization.workspaceId, authorization.id)) throw duplicateRow();
    if (this.authorizationWithState(authorization.state)) throw duplicateRow();
    return this.writeAuthorization({ ...authorization, version: 1 });
  }

  async saveAuthorization(authorization: StoredAuthorization): Promise<StoredAuthorization> {
    const current = await this.getAuthorization(authorization.workspaceId, authorization.id);
    if (!current) throw missingRow('authorization');
    const holder = this.authorizationWithState(authorization.state);
    if (holder && key(holder.workspaceId, holder.id) !== key(authorization.workspaceId, authorization.id)) throw duplicateRow();
    return this.writeAuthorization({ ...authorization, version: current.version + 1 });
  }

  /** Copies the overlay into the committed state; synchronous, so no reader sees half of it. */
  commit(): void {
    for (const row of this.channels.values()) commitChannel(this.state, row);
    for (const [k, row] of this.authorizations) {
      const previous = this.state.authorizations.get(k);
      if (previous) this.state.authorizationByState.delete(previous.state);
      this.state.authorizations.set(k, row);
      this.state.authorizationByState.set(row.state, k);
    }
  }

  private authorizationWithState(state: string): StoredAuthorization | undefined {
    // The overlay wins: a row saved here with another state no longer holds its committed one.
    for (const row of this.authorizations.values()) if (row.state === state) return row;
    const k = this.state.authorizationByState.get(state);
    return k === undefined || this.authorizations.has(k) ? undefined : this.state.authorizations.get(k);
  }

  /** Every workspace's rows as this transaction sees them (its own writes over the committed ones). */
  private async channelsWhere(matches: (row: StoredChannel) => boolean): Promise<StoredChannel[]> {
    const found: StoredChannel[] = [];
    for (const workspace of this.state.workspaces.values()) {
      for (const row of workspace.rows.values()) {
        if (matches(row) && !this.channels.has(key(row.workspaceId, row.id))) found.push(row);
      }
    }
    for (const row of this.channels.values()) if (matches(row)) found.push(row);
    return found.map((row) => structuredClone(row));
  }

  private writeChannel(row: StoredChannel): StoredChannel {
    const kept = withRefs(row);
    this.channels.set(key(row.workspaceId, row.id), structuredClone(kept));
    return structuredClone(kept);
  }

  private writeAuthorization(row: StoredAuthorization): StoredAuthorization {
    this.authorizations.set(key(row.workspaceId, row.id), structuredClone(row));
    return structuredClone(row);
  }
}

/** Empty refs are not kept, as the SQL store reads them back: absent. */
function withRefs<T extends { metaRefs?: string[] }>(row: T): T {
  if (row.metaRefs?.length) return row;
  const { metaRefs: _none, ...rest } = row;
  return rest as T;
}

function commitChannel(state: State, row: StoredChannel): void {
  let workspace = state.workspaces.get(row.workspaceId);
  if (!workspace) {
    workspace = { ids: [], rows: new Map() };
    state.workspaces.set(row.workspaceId, workspace);
  }
  if (!workspace.rows.has(row.id)) workspace.ids.push(row.id);
  workspace.rows.set(row.id, row);
}

/** The in-page store: Maps, real transactions (all or nothing, one at a time), copies in and out. */
export class MemoryStore implements ChannelStore {
  private readonly state: State = { workspaces: new Map(), authorizations: new Map(), authorizationByState: new Map() };
  private queue: Promise<unknown> = Promise.resolve();
  readonly jobs = new MemoryJobQueue();
  readonly health = new MemoryHealthLeases(() => this.committedChannels());

  async listChannels(workspaceId: string, query: ChannelPageQuery): Promise<StoredChannelPage> {
    checkLimit(query.limit);
    const workspace = this.state.workspaces.get(workspaceId) ?? { ids: [], rows: new Map<string, StoredChannel>() };
    const cursor = query.cursor ?? null;
    const start = cursor === null ? 0 : Number(cursor);
    if (cursor !== null && (!/^\d{1,15}$/.test(cursor) || start < 1 || start > workspace.ids.length)) throw invalidCursor();
    const end = Math.min(start + query.limit, workspace.ids.length);
    const channels = workspace.ids.slice(start, end).map((id) => {
      const { sealedToken: _token, metaRefs: _refs, ...listed } = structuredClone(workspace.rows.get(id) as StoredChannel);
      return listed;
    });
    const page: StoredChannelPage = { channels, nextCursor: end < workspace.ids.length ? String(end) : null };
    if (cursor === null) page.total = workspace.ids.length;
    return page;
  }

  getChannel(workspaceId: string, channelId: string): Promise<StoredChannel | null> {
    return new MemoryTransaction(this.state).getChannel(workspaceId, channelId);
  }

  getAuthorization(workspaceId: string, authorizationId: string): Promise<StoredAuthorization | null> {
    return new MemoryTransaction(this.state).getAuthorization(workspaceId, authorizationId);
  }

  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const tx = new MemoryTransaction(this.state);
      const result = await work(tx);
      tx.commit();
      return result;
    });
  }

  importChannels(channels: NewChannel[]): Promise<number> {
    return this.exclusive(async () => {
      let inserted = 0;
      for (const channel of channels) {
        if (this.state.workspaces.get(channel.workspaceId)?.rows.has(channel.id)) continue;
        commitChannel(this.state, { ...withRefs(structuredClone(channel)), version: 1 });
        inserted += 1;
      }
      return inserted;
    });
  }

  purgeAuthorizations(expiredBefore: string): Promise<number> {
    return this.exclusive(async () => {
      const cutoff = Date.parse(expiredBefore);
      let purged = 0;
      for (const [k, row] of this.state.authorizations) {
        if (Date.parse(row.expiresAt) >= cutoff) continue;
        this.state.authorizations.delete(k);
        this.state.authorizationByState.delete(row.state);
        purged += 1;
      }
      return purged;
    });
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  private *committedChannels(): Iterable<StoredChannel> {
    for (const workspace of this.state.workspaces.values()) yield* workspace.rows.values();
  }

  /** Runs `work` after every earlier transaction has settled (a promise-chain mutex). */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
