using System.Buffers;

namespace Ferry.Repository.Packs;

/// <summary>
/// The one pool for pack-sized buffers: packs being filled and uploaded, chunks on their way to a
/// pack, pack ranges being restored. The shared pool is built for small arrays; these are up to
/// pack_size and reused many times per command. One pool, so a process that both backs up and
/// restores (a restore's safety snapshot, the page, the agent) keeps one set of them, not two.
/// </summary>
internal static class PackBuffers
{
    public static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(64 * 1024 * 1024, 16);
}
