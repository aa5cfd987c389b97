package org.djlvulkan.backend.memory;

/**
 * A snapshot of the allocator's bookkeeping.
 *
 * @param liveBuffers buffers created and not yet closed
 * @param allocationCount VMA allocations
 * @param allocationBytes bytes in VMA allocations
 * @param blockCount device memory blocks VMA holds
 * @param blockBytes bytes in those blocks
 */
public record MemoryStats(
    int liveBuffers,
    long allocationCount,
    long allocationBytes,
    long blockCount,
    long blockBytes) {}
