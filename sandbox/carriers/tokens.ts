// Bearer tokens issued by a stand-in's OAuth endpoint: they expire by the stand-in's clock and
// can be revoked early, so a client's caching and refreshing are tested for real.
import { randomBytes } from "node:crypto";

export class TokenIssuer {
  private readonly tokens = new Map<string, { clientId: string; expiresAt: number }>();
  /** how many tokens were issued: a test checks that a client reuses its token */
  issued = 0;

  constructor(
    readonly ttlSeconds: number,
    private readonly now: () => Date,
  ) {}

  issue(clientId: string): { accessToken: string; issuedAt: number } {
    const accessToken = randomBytes(24).toString("base64url");
    const issuedAt = this.now().getTime();
    this.tokens.set(accessToken, { clientId, expiresAt: issuedAt + this.ttlSeconds * 1000 });
    this.issued += 1;
    return { accessToken, issuedAt };
  }

  /** the client id of a live token, or null (unknown, revoked or expired) */
  check(token: string | null): string | null {
    const found = token ? this.tokens.get(token) : undefined;
    return found && this.now().getTime() < found.expiresAt ? found.clientId : null;
  }

  revokeAll(): void {
    this.tokens.clear();
  }
}
