-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN,
    "locale" TEXT,
    "collaborator" BOOLEAN,
    "emailVerified" BOOLEAN,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "Shop" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platform" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "accessTokenEnc" TEXT,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "holdSchedule" TEXT NOT NULL DEFAULT '0 * * * *',
    "holdDelayMinutes" INTEGER NOT NULL DEFAULT 0,
    "carrierTracking" BOOLEAN NOT NULL DEFAULT false,
    "shipOnLabelCreated" BOOLEAN NOT NULL DEFAULT false,
    "notifyCustomers" BOOLEAN NOT NULL DEFAULT true,
    "defaultConnectionId" TEXT,
    "ordersCursor" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BcUser" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "email" TEXT,
    "isOwner" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BcUser_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Connection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "credentialsEnc" TEXT NOT NULL,
    "webhookSecret" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "cursor" TEXT,
    "lastSyncAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deactivatedAt" DATETIME,
    CONSTRAINT "Connection_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL DEFAULT '',
    "sku" TEXT,
    "connectionId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Assignment_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Order" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "platformOrderId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "placedAt" DATETIME NOT NULL,
    "platformUpdatedAt" DATETIME,
    "cancelledAt" DATETIME,
    "customerEmail" TEXT,
    "customerName" TEXT,
    "shipTo" TEXT,
    "shipmentState" TEXT NOT NULL DEFAULT 'UNSHIPPED',
    "redactedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Order_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrderLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "platformLineId" TEXT NOT NULL,
    "productId" TEXT,
    "variantId" TEXT,
    "sku" TEXT,
    "title" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "cancelledQuantity" INTEGER NOT NULL DEFAULT 0,
    "unitPrice" TEXT,
    CONSTRAINT "OrderLine_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Fulfillment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'HOLD',
    "clientFulfillmentId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "recycled" BOOLEAN NOT NULL DEFAULT false,
    "failureReason" TEXT,
    "rmaNumber" TEXT,
    "holdUntil" DATETIME,
    "sentAt" DATETIME,
    "shippedAt" DATETIME,
    "deliveredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Fulfillment_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Fulfillment_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FulfillmentLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "fulfillmentId" TEXT NOT NULL,
    "orderLineId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    CONSTRAINT "FulfillmentLine_fulfillmentId_fkey" FOREIGN KEY ("fulfillmentId") REFERENCES "Fulfillment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FulfillmentLine_orderLineId_fkey" FOREIGN KEY ("orderLineId") REFERENCES "OrderLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Shipment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "fulfillmentId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "fulfillerShipmentId" TEXT,
    "trackingNumbers" TEXT NOT NULL,
    "trackingKey" TEXT NOT NULL,
    "carrier" TEXT,
    "method" TEXT,
    "trackingUrl" TEXT,
    "carrierStatus" TEXT,
    "carrierCheckedAt" DATETIME,
    "state" TEXT NOT NULL DEFAULT 'ACCEPTED',
    "rejectReason" TEXT,
    "supersedesId" TEXT,
    "shippedAt" DATETIME,
    "deliveredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Shipment_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Shipment_fulfillmentId_fkey" FOREIGN KEY ("fulfillmentId") REFERENCES "Fulfillment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ShipmentLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "shipmentId" TEXT NOT NULL,
    "orderLineId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    CONSTRAINT "ShipmentLine_shipmentId_fkey" FOREIGN KEY ("shipmentId") REFERENCES "Shipment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ShipmentLine_orderLineId_fkey" FOREIGN KEY ("orderLineId") REFERENCES "OrderLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PushIntent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "shipmentId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "payload" TEXT,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "platformRef" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PushIntent_shipmentId_fkey" FOREIGN KEY ("shipmentId") REFERENCES "Shipment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookReceipt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "shopDomain" TEXT,
    "topic" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT NOT NULL DEFAULT 'orders:read fulfillments:write',
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "job" TEXT NOT NULL,
    "shopId" TEXT,
    "connectionId" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "counts" TEXT NOT NULL DEFAULT '{}',
    "error" TEXT
);

-- CreateTable
CREATE TABLE "JobLease" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "owner" TEXT NOT NULL,
    "until" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TimelineEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "fulfillmentId" TEXT,
    "kind" TEXT NOT NULL,
    "from" TEXT,
    "to" TEXT,
    "reason" TEXT,
    "actor" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TimelineEvent_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "Shop_platform_domain_key" ON "Shop"("platform", "domain");

-- CreateIndex
CREATE UNIQUE INDEX "BcUser_shopId_userId_key" ON "BcUser"("shopId", "userId");

-- CreateIndex
CREATE INDEX "Connection_shopId_active_idx" ON "Connection"("shopId", "active");

-- CreateIndex
CREATE INDEX "Assignment_shopId_connectionId_idx" ON "Assignment"("shopId", "connectionId");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_shopId_productId_variantId_key" ON "Assignment"("shopId", "productId", "variantId");

-- CreateIndex
CREATE INDEX "Order_shopId_shipmentState_idx" ON "Order"("shopId", "shipmentState");

-- CreateIndex
CREATE INDEX "Order_shopId_placedAt_idx" ON "Order"("shopId", "placedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Order_shopId_platformOrderId_key" ON "Order"("shopId", "platformOrderId");

-- CreateIndex
CREATE INDEX "OrderLine_shopId_sku_idx" ON "OrderLine"("shopId", "sku");

-- CreateIndex
CREATE UNIQUE INDEX "OrderLine_orderId_platformLineId_key" ON "OrderLine"("orderId", "platformLineId");

-- CreateIndex
CREATE INDEX "Fulfillment_shopId_connectionId_status_idx" ON "Fulfillment"("shopId", "connectionId", "status");

-- CreateIndex
CREATE INDEX "Fulfillment_shopId_status_updatedAt_idx" ON "Fulfillment"("shopId", "status", "updatedAt");

-- CreateIndex
CREATE INDEX "Fulfillment_connectionId_clientFulfillmentId_idx" ON "Fulfillment"("connectionId", "clientFulfillmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Fulfillment_orderId_connectionId_key" ON "Fulfillment"("orderId", "connectionId");

-- CreateIndex
CREATE UNIQUE INDEX "FulfillmentLine_fulfillmentId_orderLineId_key" ON "FulfillmentLine"("fulfillmentId", "orderLineId");

-- CreateIndex
CREATE INDEX "Shipment_connectionId_fulfillerShipmentId_idx" ON "Shipment"("connectionId", "fulfillerShipmentId");

-- CreateIndex
CREATE INDEX "Shipment_fulfillmentId_trackingKey_idx" ON "Shipment"("fulfillmentId", "trackingKey");

-- CreateIndex
CREATE INDEX "Shipment_shopId_state_createdAt_idx" ON "Shipment"("shopId", "state", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ShipmentLine_shipmentId_orderLineId_key" ON "ShipmentLine"("shipmentId", "orderLineId");

-- CreateIndex
CREATE UNIQUE INDEX "PushIntent_idempotencyKey_key" ON "PushIntent"("idempotencyKey");

-- CreateIndex
CREATE INDEX "PushIntent_state_nextAttemptAt_idx" ON "PushIntent"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "PushIntent_shopId_state_idx" ON "PushIntent"("shopId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookReceipt_source_deliveryId_key" ON "WebhookReceipt"("source", "deliveryId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- CreateIndex
CREATE INDEX "ApiKey_shopId_connectionId_idx" ON "ApiKey"("shopId", "connectionId");

-- CreateIndex
CREATE INDEX "SyncRun_shopId_job_startedAt_idx" ON "SyncRun"("shopId", "job", "startedAt");

-- CreateIndex
CREATE INDEX "TimelineEvent_shopId_orderId_at_idx" ON "TimelineEvent"("shopId", "orderId", "at");

