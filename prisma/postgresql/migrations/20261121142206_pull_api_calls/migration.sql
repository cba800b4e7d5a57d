-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "rateCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rateWindow" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ApiCall" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "keyPrefix" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "error" TEXT,
    "durationMs" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiCall_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApiCall_shopId_connectionId_at_idx" ON "ApiCall"("shopId", "connectionId", "at");

