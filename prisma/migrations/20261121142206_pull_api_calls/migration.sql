-- CreateTable
CREATE TABLE "ApiCall" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "keyPrefix" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "error" TEXT,
    "durationMs" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT NOT NULL DEFAULT 'orders:read fulfillments:write',
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rateWindow" INTEGER NOT NULL DEFAULT 0,
    "rateCount" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_ApiKey" ("connectionId", "createdAt", "hash", "id", "lastUsedAt", "name", "prefix", "revokedAt", "scopes", "shopId") SELECT "connectionId", "createdAt", "hash", "id", "lastUsedAt", "name", "prefix", "revokedAt", "scopes", "shopId" FROM "ApiKey";
DROP TABLE "ApiKey";
ALTER TABLE "new_ApiKey" RENAME TO "ApiKey";
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");
CREATE INDEX "ApiKey_shopId_connectionId_idx" ON "ApiKey"("shopId", "connectionId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ApiCall_shopId_connectionId_at_idx" ON "ApiCall"("shopId", "connectionId", "at");

