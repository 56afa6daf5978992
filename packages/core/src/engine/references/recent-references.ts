/**
 * How long a reference this process wrote is trusted without writing it again. The
 * row exists in the database, and no garbage collection, here or in another
 * process, removes an environment that holds it; only a release or a forced removal
 * does, and those made through this manager forget the entry at once. A lease is
 * extended at most this much later than asked.
 */
const TRUSTED_FOR_MS = 1_000;
const MAX_TRACKED = 50_000;

/**
 * Lets a repeated `getOrCreate` by the same owner skip its SQLite write: with many
 * calls per owner (an agent serving workers of one job), that write is most of the
 * cached path's cost.
 */
export class RecentReferences {
  private readonly byEnvironment = new Map<string, Map<string, { signature: string; writtenAt: number }>>();
  private tracked = 0;

  isFresh(environmentId: string, owner: string, signature: string, now: number): boolean {
    const entry = this.byEnvironment.get(environmentId)?.get(owner);
    return entry !== undefined && entry.signature === signature && now - entry.writtenAt < TRUSTED_FOR_MS;
  }

  written(environmentId: string, owner: string, signature: string, now: number): void {
    if (this.tracked >= MAX_TRACKED) this.clear();
    let owners = this.byEnvironment.get(environmentId);
    if (!owners) this.byEnvironment.set(environmentId, (owners = new Map()));
    if (!owners.has(owner)) this.tracked += 1;
    owners.set(owner, { signature, writtenAt: now });
  }

  forgetOwner(environmentId: string, owner: string): void {
    const owners = this.byEnvironment.get(environmentId);
    if (owners?.delete(owner)) this.tracked -= 1;
  }

  forgetEnvironment(environmentId: string): void {
    const owners = this.byEnvironment.get(environmentId);
    if (!owners) return;
    this.tracked -= owners.size;
    this.byEnvironment.delete(environmentId);
  }

  clear(): void {
    this.byEnvironment.clear();
    this.tracked = 0;
  }
}
