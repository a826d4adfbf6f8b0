using Ferry.Backup;
using Ferry.Configuration;
using Ferry.Errors;
using Ferry.Repository.Snapshots;
using Ferry.Scheduling;
using Ferry.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Tests.Scheduling;

/// <summary>A config file, a fake clock, and backup work the test scripts: succeed, fail or wait.</summary>
public sealed class SchedulerHarness : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly List<IDisposable> _owned = [];

    public SchedulerHarness()
    {
        ConfigPath = _temp.Sub("config/config.json");
        Environment["FERRY_REPOSITORY"] = _temp.Sub("repository");
        Environment["FERRY_PASSWORD"] = "test password";
        Directory.CreateDirectory(_temp.Sub("source"));
        File.WriteAllText(_temp.Sub("source/notes.md"), "hello");
        Save(new SavedSettings { SourceFolder = _temp.Sub("source"), AutoBackupMinutes = 60 });
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public string ConfigPath { get; }

    public int Runs { get; private set; }

    /// <summary>What the next backups do, in order; when empty they succeed.</summary>
    public Queue<Func<CancellationToken, Task>> Script { get; } = new();

    public string Sub(string name) => _temp.Sub(name);

    public void Save(SavedSettings settings) => new ConfigFile(ConfigPath).Save(settings);

    public SettingsSource Settings() => new(ConfigPath, Environment, Time);

    /// <summary>A coordinator and scheduler as one process would have them; a second call is a restart.</summary>
    public (BackupCoordinator Coordinator, AutoBackupScheduler Scheduler) Start(BackupWork? work = null)
    {
        var settings = Settings();
        var coordinator = new BackupCoordinator(settings, work ?? ScriptedAsync);
        var scheduler = new AutoBackupScheduler(coordinator, settings);
        _owned.Add(scheduler);
        return (coordinator, scheduler);
    }

    public ScheduleState State => ScheduleStateFile.For(ConfigPath).Load();

    public static Func<CancellationToken, Task> Fails(string message) => _ => throw new FerryException(message);

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _temp.Dispose();
    }

    private async Task<BackupResult> ScriptedAsync(RunningBackup run, CancellationToken cancellationToken)
    {
        Runs++;
        if (Script.TryDequeue(out var step))
        {
            await step(cancellationToken);
        }

        return new BackupResult($"{Runs:d8}{new string('0', 56)}", new Snapshot(), null, []);
    }
}
