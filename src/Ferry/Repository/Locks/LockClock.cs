namespace Ferry.Repository.Locks;

/// <summary>
/// A moment on this computer, to measure how long ago a lock was last written. Measured twice and the
/// longer taken: the monotonic clock stands still while a laptop sleeps on some systems, and the wall
/// clock may be corrected backwards; only both failing at once could make a holder trust a lock too long.
/// </summary>
internal readonly record struct LockClock(long Timestamp, DateTimeOffset Wall)
{
    public static LockClock Now(TimeProvider time) => new(time.GetTimestamp(), time.GetUtcNow());

    public TimeSpan Elapsed(TimeProvider time)
    {
        var monotonic = time.GetElapsedTime(Timestamp);
        var wall = time.GetUtcNow() - Wall;
        return monotonic > wall ? monotonic : wall;
    }
}
