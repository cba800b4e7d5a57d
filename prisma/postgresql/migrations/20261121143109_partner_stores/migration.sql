-- CreateTable
CREATE TABLE "PartnerInvitation" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "note" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "redeemedAt" TIMESTAMP(3),
    "redeemedByShopId" TEXT,
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PartnerInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Partnership" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "sellerShopId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "invitationId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "endedByShopId" TEXT,

    CONSTRAINT "Partnership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartnerVariantMatch" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "buyerVariantId" TEXT NOT NULL,
    "buyerSku" TEXT,
    "sellerVariantId" TEXT,
    "sellerProductId" TEXT,
    "sellerSku" TEXT,
    "sellerTitle" TEXT,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PartnerVariantMatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PartnerInvitation_codeHash_key" ON "PartnerInvitation"("codeHash");

-- CreateIndex
CREATE INDEX "PartnerInvitation_shopId_createdAt_idx" ON "PartnerInvitation"("shopId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Partnership_connectionId_key" ON "Partnership"("connectionId");

-- CreateIndex
CREATE UNIQUE INDEX "Partnership_invitationId_key" ON "Partnership"("invitationId");

-- CreateIndex
CREATE INDEX "Partnership_shopId_status_idx" ON "Partnership"("shopId", "status");

-- CreateIndex
CREATE INDEX "Partnership_sellerShopId_status_idx" ON "Partnership"("sellerShopId", "status");

-- CreateIndex
CREATE INDEX "PartnerVariantMatch_shopId_partnershipId_idx" ON "PartnerVariantMatch"("shopId", "partnershipId");

-- CreateIndex
CREATE UNIQUE INDEX "PartnerVariantMatch_partnershipId_buyerVariantId_key" ON "PartnerVariantMatch"("partnershipId", "buyerVariantId");

