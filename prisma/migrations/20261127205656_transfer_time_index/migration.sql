-- The whole tenant's ledger newest first: the master's ledger page and its Overview's recent activity listed it
-- by sorting every transfer of the tenant (~70 ms at 280,000 transfers: npm run bench -- stats). One more index
-- entry per transfer.
-- CreateIndex
CREATE INDEX "transfer_tenant_id_created_at_id_idx" ON "transfer"("tenant_id", "created_at" DESC, "id" DESC);
