/**
 * The official account's access token, shared by every server instance through the database
 * (wechat-protocol.md §5.1). Two instances fetching on their own is the classic source of
 * intermittent 40001s, so: one fetch per process at a time (single flight), one per database at
 * a time (a lease in `locks`, since FerretDB does not make conditional updates atomic), and every
 * write to the cached token happens under that lease.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Schema, type Connection, type Model } from 'mongoose';
import { createDocumentLocks } from '../../db/document-lock';

export interface FreshAccessToken {
  token: string;
  expiresInSeconds: number;
}

export interface AccessTokenStore {
  getToken(): Promise<string>;
  /** Compare-and-expire: forgets the cached token only if it is still the one WeChat rejected. */
  expireIfCurrent(rejectedToken: string): Promise<void>;
}

export interface AccessTokenStoreDeps {
  db: Connection;
  appId: string;
  fetchToken: () => Promise<FreshAccessToken>;
  now: () => Date;
  /** How long one instance may hold the right to fetch before others take over. */
  leaseMs: number;
}

interface CachedToken {
  token: string;
  expiresAt: Date;
}

interface AccessTokenDocument {
  _id: string;
  token: string;
  expiresAt: Date;
}

/** WeChat renews a stable token 5 minutes before it expires; stop using ours before that. */
const RENEWAL_MARGIN_SECONDS = 300;
const MIN_CACHE_SECONDS = 30;
const POLL_INTERVAL_MS = 100;
/** How many leases a waiter sits out: a holder that died loses its lease after one. */
const WAIT_LEASES = 2;

const accessTokenSchema = new Schema<AccessTokenDocument>(
  {
    _id: { type: String, required: true },
    token: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);

function accessTokenModel(db: Connection): Model<AccessTokenDocument> {
  return (
    (db.models.WechatAccessToken as Model<AccessTokenDocument> | undefined) ??
    db.model<AccessTokenDocument>('WechatAccessToken', accessTokenSchema, 'wechat_access_tokens')
  );
}

function cacheSeconds(expiresInSeconds: number): number {
  // A token near its end comes back with its remaining lifetime (e.g. 345 s); caching it for
  // "345 - 300" seconds would refetch on almost every call, so keep half of it instead.
  const withMargin = expiresInSeconds - RENEWAL_MARGIN_SECONDS;
  return withMargin >= MIN_CACHE_SECONDS ? withMargin : Math.floor(expiresInSeconds / 2);
}

export function createAccessTokenStore(deps: AccessTokenStoreDeps): AccessTokenStore {
  const { db, appId, fetchToken, now, leaseMs } = deps;
  const AccessToken = accessTokenModel(db);
  const locks = createDocumentLocks(db, now);
  const leaseKey = `wechat-access-token:${appId}`;

  let remembered: CachedToken | undefined;
  /** Bumped on every expiry, so a lookup that started before it cannot bring the old token back. */
  let generation = 0;
  let pendingLookup: Promise<string> | undefined;
  const pendingExpiries = new Map<string, Promise<void>>();

  async function readCachedToken(): Promise<CachedToken | undefined> {
    const cached = await AccessToken.findById(appId).lean();
    return cached && cached.expiresAt > now()
      ? { token: cached.token, expiresAt: cached.expiresAt }
      : undefined;
  }

  async function fetchAndStore(): Promise<CachedToken> {
    const fresh = await fetchToken();
    const expiresAt = new Date(now().getTime() + cacheSeconds(fresh.expiresInSeconds) * 1000);
    // A plain replace is safe here: only the lease holder writes this document.
    await AccessToken.replaceOne({ _id: appId }, { token: fresh.token, expiresAt }, { upsert: true });
    return { token: fresh.token, expiresAt };
  }

  /** Polls while another instance holds the lease; a holder that died loses it after leaseMs. */
  function pauseWhileLeaseIsHeld(deadline: number): Promise<void> {
    if (Date.now() > deadline) {
      throw new Error(`gave up after waiting ${WAIT_LEASES * leaseMs} ms for the WeChat access-token lease`);
    }
    return sleep(POLL_INTERVAL_MS);
  }

  async function lookUpToken(): Promise<CachedToken> {
    const deadline = Date.now() + WAIT_LEASES * leaseMs;
    for (;;) {
      const cached = await readCachedToken();
      if (cached) return cached;
      const lease = await locks.tryAcquire(leaseKey, leaseMs);
      if (lease) {
        try {
          // Another instance may have stored a token between our read and our lease.
          return (await readCachedToken()) ?? (await fetchAndStore());
        } finally {
          await locks.release(lease);
        }
      }
      await pauseWhileLeaseIsHeld(deadline);
    }
  }

  function getToken(): Promise<string> {
    if (remembered && remembered.expiresAt > now()) return Promise.resolve(remembered.token);
    if (!pendingLookup) {
      const startedIn = generation;
      pendingLookup = lookUpToken()
        .then((found) => {
          if (startedIn === generation) remembered = found;
          return found.token;
        })
        .finally(() => {
          pendingLookup = undefined;
        });
    }
    return pendingLookup;
  }

  async function expireInDatabase(rejectedToken: string): Promise<void> {
    const deadline = Date.now() + WAIT_LEASES * leaseMs;
    for (;;) {
      const lease = await locks.tryAcquire(leaseKey, leaseMs);
      if (lease) {
        try {
          const cached = await AccessToken.findById(appId).lean();
          if (cached?.token === rejectedToken) await AccessToken.deleteOne({ _id: appId });
          return;
        } finally {
          await locks.release(lease);
        }
      }
      await pauseWhileLeaseIsHeld(deadline);
    }
  }

  function expireIfCurrent(rejectedToken: string): Promise<void> {
    generation += 1;
    if (remembered?.token === rejectedToken) remembered = undefined;
    // Twenty calls rejected together expire the token once.
    let expiry = pendingExpiries.get(rejectedToken);
    if (!expiry) {
      expiry = expireInDatabase(rejectedToken).finally(() => pendingExpiries.delete(rejectedToken));
      pendingExpiries.set(rejectedToken, expiry);
    }
    return expiry;
  }

  return { getToken, expireIfCurrent };
}
