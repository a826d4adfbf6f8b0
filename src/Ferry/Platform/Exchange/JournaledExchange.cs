namespace Ferry.Platform.Exchange;

/// <summary>The moments of a journaled exchange, in order (a test stops the process at each).</summary>
internal enum ExchangeStep
{
    JournalWritten,
    TargetParked,
    StagingInPlace,
    OldTreeMoved,
}

/// <summary>
/// Swaps a finished restore (<c>staging</c>) with its target where the OS has no atomic exchange
/// (Windows, or a file system without one): three renames, target → parked, staging → target,
/// parked → staging, with a journal written before the first and removed after the last.
/// A process that dies between them leaves a journal, and <see cref="Recover"/> (the next run)
/// finishes the exchange: rolled back (the parked old tree goes back) while the target is missing,
/// completed once the new tree is in place. The target therefore ends as the old tree or the new
/// one, never a mix, and no folder is lost: the parked one is either put back or already held by
/// the safety snapshot taken before any exchange.
/// </summary>
internal sealed class JournaledExchange(Action<ExchangeStep>? afterStep = null, int moveAttempts = 1)
{
    public void Swap(string staging, string target, ExchangeSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        new ExchangeJournal(target, staging, space.Parking).Write(space.Journal);
        afterStep?.Invoke(ExchangeStep.JournalWritten);
        try
        {
            Move(target, space.Parking);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(space.Journal);
            throw new IOException($"cannot move {target} aside to put the restore in its place ({e.Message}); it is unchanged. A program may have a file in it open: close it and try again", e);
        }

        afterStep?.Invoke(ExchangeStep.TargetParked);
        try
        {
            Move(staging, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                Move(space.Parking, target);
            }
            catch (Exception back) when (back is IOException or UnauthorizedAccessException)
            {
                // The journal stays: the next restore to this target puts the old tree back.
                throw new IOException($"cannot move the restore into {target} ({e.Message}), nor put its old content back yet ({back.Message}): it is safe in {space.Parking}, and the next restore to {target} puts it back", back);
            }

            File.Delete(space.Journal);
            throw new IOException($"cannot move the restore into {target} ({e.Message}); its old content was put back. A program may have a file in it open: close it and try again", e);
        }

        afterStep?.Invoke(ExchangeStep.StagingInPlace);
        try
        {
            Move(space.Parking, staging);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The new tree is in place; the parked old one is a leftover the next run removes.
        }

        afterStep?.Invoke(ExchangeStep.OldTreeMoved);
        File.Delete(space.Journal);
    }

    /// <summary>
    /// Finishes the exchange a journal describes. While the target is missing and its old tree is
    /// parked, the new tree never arrived: the old one goes back. When the target exists, it holds
    /// the old tree (nothing was moved yet) or the new one (the parked old tree is a leftover).
    /// Then the journal goes; the caller removes leftover staging and parked folders.
    /// </summary>
    public static void Recover(string journalPath)
    {
        if (ExchangeJournal.TryRead(journalPath) is { } journal && Exists(journal.Parked) && !Exists(journal.Target))
        {
            Move(journal.Parked, journal.Target, attempts: 1);
        }

        File.Delete(journalPath);
    }

    private void Move(string from, string to) => Move(from, to, moveAttempts);

    /// <summary>
    /// One rename. On Windows a scanner or indexer may hold a freshly written file for a moment,
    /// failing a folder's rename: the Windows layer tries a few times before giving up.
    /// </summary>
    private static void Move(string from, string to, int attempts)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(from))
                {
                    Directory.Move(from, to);
                }
                else
                {
                    File.Move(from, to);
                }

                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException && attempt < attempts && Exists(from) && !Exists(to))
            {
                Thread.Sleep(100 * attempt);
            }
        }
    }

    private static bool Exists(string path) => Path.Exists(path) || new FileInfo(path).LinkTarget is not null;
}
