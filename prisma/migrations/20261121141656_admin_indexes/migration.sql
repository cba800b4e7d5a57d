-- CreateIndex
CREATE INDEX "Order_shopId_name_idx" ON "Order"("shopId", "name");

-- CreateIndex
CREATE INDEX "Fulfillment_shopId_createdAt_idx" ON "Fulfillment"("shopId", "createdAt");

