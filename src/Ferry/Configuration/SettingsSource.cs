using Ferry.Operations;
using Ferry.Repository;
using Ferry.Storage;

namespace Ferry.Configuration;

/// <summary>
/// The settings of a long-running process (<c>ferry ui</c>, <c>ferry agent</c>): resolved again for
/// every operation, so a change saved by the page or by <c>ferry config set</c> applies to the next
/// backup without a restart. Same precedence as every command: flags, environment, config file.
/// </summary>
public sealed class SettingsSource : IDisposable
{
    private readonly CommandLineSettings _flags;
    private readonly Lock _storeGate = new();
    private readonly List<IObjectStore> _retired = [];
    private (string Key, IObjectStore Store)? _store;
    private bool _disposed;

    /// <summary>Settings read afresh from the config file at <paramref name="configPath"/> and the environment on every use.</summary>
    public SettingsSource(string configPath, IReadOnlyDictionary<string, string> environment, TimeProvider time, CommandLineSettings? flags = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(time);
        File = new ConfigFile(configPath);
        Environment = environment;
        Time = time;
        _flags = flags ?? new CommandLineSettings();
    }

    /// <summary>The config file.</summary>
    public ConfigFile File { get; }

    /// <summary>The environment variables the settings are resolved with.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The clock for repositories opened from these settings.</summary>
    public TimeProvider Time { get; }

    /// <summary>What the config file holds now.</summary>
    public SavedSettings Load() => File.Load();

    /// <summary>The settings as they are now.</summary>
    public ResolvedSettings Resolve() => ResolveWith(File.Load());

    /// <summary>The settings as they would be with <paramref name="saved"/> in the config file (the page's unsaved form).</summary>
    public ResolvedSettings ResolveWith(SavedSettings saved) => SettingsResolver.Resolve(_flags, Environment, saved, File.Path);

    /// <summary>
    /// The store the settings describe. One store (and its connection pool) is kept while the settings
    /// stay the same: a process that lists snapshots every few seconds must not open a client each time.
    /// </summary>
    public IObjectStore OpenStore(ResolvedSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var key = string.Join('\n', settings.All.Select(s => s.Value)) + "\n" + settings.Kind;
        lock (_storeGate)
        {
            if (_store is not { } cached || cached.Key != key)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_store is { } replaced)
                {
                    // Not disposed now: an operation that started before the settings changed may still use it.
                    _retired.Add(replaced.Store);
                }

                _store = (key, StoreFactory.Create(settings, Time));
            }

            return _store.Value.Store;
        }
    }

    /// <summary>Opens the repository; fails with a one-line message when there is none or the password is wrong.</summary>
    public async Task<FerryRepository> OpenRepositoryAsync(CancellationToken cancellationToken)
    {
        var settings = Resolve();
        return await FerryRepository.OpenAsync(OpenStore(settings), RequirePassword(settings), Time, RepositoryCache.Directory(Environment), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens the repository, creating it when the location holds none (a first backup needs no set-up).</summary>
    public async Task<FerryRepository> OpenOrInitAsync(CancellationToken cancellationToken)
    {
        var settings = Resolve();
        var opened = await RepositoryAccess.OpenOrCreateAsync(OpenStore(settings), PasswordSource.Known(RequirePassword(settings)), settings.Host.Value!, Time, RepositoryCache.Directory(Environment), cancellationToken).ConfigureAwait(false);
        return opened.Repository;
    }

    /// <summary>
    /// Disposes every store this source built, those replaced after a settings change included, once
    /// the process that used them stops (its operations are over by then).
    /// </summary>
    public void Dispose()
    {
        lock (_storeGate)
        {
            _disposed = true;
            foreach (var store in _retired.Append(_store?.Store))
            {
                (store as IDisposable)?.Dispose();
            }

            _retired.Clear();
            _store = null;
        }
    }

    private static string RequirePassword(ResolvedSettings settings) =>
        PasswordReader.Read(settings)
        ?? throw FerryRepository.MissingPassword();
}
