using System.Security.Cryptography;

namespace Ferry.Storage;

/// <summary>
/// What "Test connection" and <c>ferry config test</c> run: proves a store can be reached, and that the
/// credentials may list, write, read and delete under its root, with one small probe object. Stops at
/// the first step that fails and says what to change; leaves nothing behind.
/// </summary>
public static class StoreProbe
{
    /// <summary>The step that reaches the endpoint and the bucket.</summary>
    public const string Connect = "connect and authenticate";
    /// <summary>The step that writes a test object.</summary>
    public const string Write = "write a probe object";
    /// <summary>The step that reads the test object back.</summary>
    public const string Read = "read it back";
    /// <summary>The step that lists the test object.</summary>
    public const string List = "find it in a listing";
    /// <summary>The step that deletes the test object.</summary>
    public const string Delete = "delete it";

    /// <summary>Probe objects live here, under the store's root and apart from repository data.</summary>
    public const string Prefix = "probe/";

    /// <summary>Runs each step in turn and stops at the first that fails, naming it.</summary>
    public static async Task<ProbeReport> RunAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var key = Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var data = RandomNumberGenerator.GetBytes(4096);
        var mayExist = false;
        var deleted = false;
        var plan = new (string Name, Func<Task<string?>> Run)[]
        {
            (Connect, async () =>
            {
                // A listing of the probe prefix: cheap however big the repository is, yet it needs the
                // endpoint, the credentials, the region and the bucket all to be right.
                await CollectAsync(store, Prefix, cancellationToken).ConfigureAwait(false);
                return null;
            }),
            (Write, async () =>
            {
                // Set first: a put that fails on the way back may still have stored the object.
                mayExist = true;
                await store.PutAsync(key, data, cancellationToken).ConfigureAwait(false);
                return null;
            }),
            (Read, async () =>
            {
                var back = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
                return back.AsSpan().SequenceEqual(data) ? null
                    : $"read back {back.Length} bytes that differ from the {data.Length} written: the provider changed the upload; report this provider to Ferry";
            }),
            (List, async () =>
            {
                var listed = await CollectAsync(store, Prefix, cancellationToken).ConfigureAwait(false);
                return listed.Any(o => o.Key == key && o.Size == data.Length) ? null
                    : $"the probe object '{key}' was written but a listing does not show it: allow the key to list the bucket";
            }),
            (Delete, async () =>
            {
                await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
                deleted = await store.StatAsync(key, cancellationToken).ConfigureAwait(false) is null;
                return deleted ? null : $"the probe object '{key}' is still there after a delete: allow the key to delete objects";
            }),
        };

        var steps = new List<ProbeStep>();
        try
        {
            foreach (var (name, run) in plan)
            {
                var step = await RunStepAsync(name, run).ConfigureAwait(false);
                steps.Add(step);
                if (!step.Ok)
                {
                    break;
                }
            }
        }
        finally
        {
            if (mayExist && !deleted)
            {
                await TryDeleteAsync(store, key).ConfigureAwait(false);
            }
        }

        return new ProbeReport(store.Location, steps);
    }

    /// <summary>Runs one step; a <see cref="StorageException"/> or a returned complaint fails it.</summary>
    private static async Task<ProbeStep> RunStepAsync(string name, Func<Task<string?>> run)
    {
        try
        {
            var complaint = await run().ConfigureAwait(false);
            return new ProbeStep(name, complaint is null, complaint, complaint is null ? null : StorageErrorKind.Other);
        }
        catch (StorageException e)
        {
            return new ProbeStep(name, false, e.Message, e.Kind);
        }
    }

    private static async Task<List<ObjectInfo>> CollectAsync(IObjectStore store, string prefix, CancellationToken cancellationToken)
    {
        var listed = new List<ObjectInfo>();
        await foreach (var info in store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            listed.Add(info);
        }

        return listed;
    }

    /// <summary>Cleanup after a failed step: best effort, and never masks the failure being reported.</summary>
    private static async Task TryDeleteAsync(IObjectStore store, string key)
    {
        try
        {
            await store.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StorageException)
        {
            // The report already names the step that failed; a probe object left behind is harmless.
        }
    }
}

/// <summary>One step of a <see cref="StoreProbe"/> run.</summary>
/// <param name="Name">What the step does, e.g. <see cref="StoreProbe.Write"/>.</param>
/// <param name="Ok">Whether it worked.</param>
/// <param name="Error">When it did not: one line saying what went wrong and what to change.</param>
/// <param name="Kind">When it did not: the kind of failure.</param>
public sealed record ProbeStep(string Name, bool Ok, string? Error, StorageErrorKind? Kind);

/// <summary>The steps a <see cref="StoreProbe"/> run got through; the last one failed unless <see cref="Ok"/>.</summary>
public sealed record ProbeReport(string Location, IReadOnlyList<ProbeStep> Steps)
{
    /// <summary>True when every step passed.</summary>
    public bool Ok => Steps.Count > 0 && Steps.All(s => s.Ok);

    /// <summary>The step that failed, if any.</summary>
    public ProbeStep? Failure => Steps.FirstOrDefault(s => !s.Ok);

    /// <summary>One line for a terminal: "ok" or the failed step and its fix.</summary>
    public override string ToString() => Failure is { } failed ? $"{failed.Name} failed: {failed.Error}" : $"{Location}: ok";
}
