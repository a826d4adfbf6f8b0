using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ferry.Web.Api;

/// <summary>
/// The settings as the page shows them. Secrets only say whether they are set. <see cref="Host"/> is
/// the saved device name (empty: the machine's), <see cref="DeviceName"/> the one backups record.
/// <see cref="PasswordWeakness"/>, only in the answer to a save, says why the password just typed
/// could not make a new repository (an existing one opens with any).
/// </summary>
internal sealed record SettingsView(
    string Endpoint,
    string Region,
    string Bucket,
    string AccessKeyId,
    bool SecretAccessKeySet,
    string Root,
    string Addressing,
    bool PasswordSet,
    string Host,
    string DeviceName,
    string SourceFolder,
    string App,
    int AutoBackupMinutes,
    int MaxBackups,
    bool Lite,
    string ConfigPath,
    string Location,
    IReadOnlyList<string> Overrides,
    Choices Choices,
    string? PasswordWeakness = null);

/// <summary>One app preset for the page's "App" choice; <see cref="DataFolder"/> is null when the preset names none here.</summary>
internal sealed record AppView(string Name, string DisplayName, string Description, string? DataFolder, bool Found, IReadOnlyList<string> LiteExcludes);

internal sealed record Choices(IReadOnlyList<int> Intervals, IReadOnlyList<int> MaxBackups);

/// <summary>What the page sends to save or test. An empty secret keeps the saved one.</summary>
internal sealed record SettingsForm
{
    public string? Endpoint { get; init; }

    public string? Region { get; init; }

    public string? Bucket { get; init; }

    public string? AccessKeyId { get; init; }

    public string? SecretAccessKey { get; init; }

    public string? Root { get; init; }

    public string? Addressing { get; init; }

    public string? Password { get; init; }

    public string? Host { get; init; }

    public string? SourceFolder { get; init; }

    /// <summary>The chosen app preset's name; empty for "Other folder".</summary>
    public string? App { get; init; }

    public int? AutoBackupMinutes { get; init; }

    public int? MaxBackups { get; init; }

    public bool? Lite { get; init; }

    // The generated ToString would print the secrets.
    public override string ToString() => $"SettingsForm {{ Endpoint = {Endpoint}, Bucket = {Bucket} }}";
}

/// <summary>
/// A refusal the page shows next to <see cref="Field"/> (or at the top when null). A form's refusal also
/// lists every field's problem in <see cref="Problems"/>, the first of them in <see cref="Error"/> and <see cref="Field"/>.
/// </summary>
internal sealed record ApiError(string Error, string? Field = null, IReadOnlyList<FieldError>? Problems = null)
{
    /// <summary>The refusal of a form with <paramref name="problems"/>, or null when there are none.</summary>
    public static ApiError? Of(IReadOnlyList<FieldError> problems) =>
        problems.Count == 0 ? null : new ApiError(problems[0].Message, problems[0].Field, problems);
}

/// <summary>What is wrong with one field of a form: the field's id in the page and one line that says what to change.</summary>
internal sealed record FieldError(string Field, string Message);

internal sealed record ProbeStepView(string Name, bool Ok, string? Error);

internal sealed record ConnectionView(bool Ok, string Location, IReadOnlyList<ProbeStepView> Steps);

internal sealed record ProgressView(
    long FilesDone,
    long FilesTotal,
    long BytesDone,
    long BytesTotal,
    bool TotalsKnown,
    double ElapsedSeconds,
    double BytesPerSecond,
    double? EtaSeconds);

internal sealed record BackupView(string Trigger, string Stage, DateTimeOffset Started, ProgressView Progress, bool CancelRequested);

internal sealed record FinishedView(int Count, string? Outcome, string? Error, string? SnapshotId, DateTimeOffset? At);

internal sealed record ScheduleView(
    bool Enabled,
    int IntervalMinutes,
    DateTimeOffset? LastSuccess,
    string? LastSnapshotId,
    string? LastError,
    DateTimeOffset? LastErrorTime,
    int ConsecutiveFailures,
    DateTimeOffset? NextDue,
    string? LastMaintenance,
    DateTimeOffset? LastMaintenanceTime,
    bool MaintenanceProblem);

/// <summary>The Manage tab's storage line: the bucket, each device's share, what is shared and what maintenance would reclaim.</summary>
internal sealed record StorageView(long RepositoryBytes, IReadOnlyList<DeviceStorageView> Devices, long SharedBytes, long ReclaimableBytes, long TriggerBytes, bool MaintenanceOn, string? MaintenanceOwner, DateTimeOffset? LastMaintenance);

internal sealed record DeviceStorageView(string Host, int Snapshots, long Bytes, long OnlyThisDevice);

internal sealed record OperationView(int Id, string Kind, string Title, string State, ProgressView Progress, string? Message, string? Error, NamesView? Names);

/// <summary>
/// A restore's names the target could not hold (<see cref="Conflicts"/>, with <see cref="Renamable"/>
/// when restoring with safe names would work) or the renames it made; paths as people read them, at
/// most <see cref="Shown"/> of <see cref="Total"/>.
/// </summary>
internal sealed record NamesView(IReadOnlyList<NameLine> Conflicts, bool Renamable, IReadOnlyList<NameLine> Renames, int Total)
{
    public const int Shown = 500;

    public static NamesView Refused(Restore.Names.UnsafeNamesException refused) => new(
        [.. refused.Conflicts.Take(Shown).Select(c => new NameLine(Names.NameText.Show(c.Path), c.Reason))], refused.Renamable, [], refused.Conflicts.Count);

    public static NamesView Renamed(IReadOnlyList<Names.NameRename> renames) => new(
        [], false, [.. renames.Take(Shown).Select(r => new NameLine(Names.NameText.Show(r.Path), Names.NameText.Show(r.RestoredAs)))], renames.Count);
}

/// <summary>A path, and why it cannot be restored as it is (a conflict) or where it went (a rename).</summary>
internal sealed record NameLine(string Path, string Detail);

internal sealed record StatusView(BackupView? Backup, FinishedView Finished, ScheduleView Schedule, OperationView? Operation);

internal sealed record BackupStartView(string Kind, int AwaitFinished, string? Message);

/// <summary>One backup in Manage; <see cref="App"/> is the display name of the preset its folder belongs to, if any.</summary>
internal sealed record SnapshotView(string Id, string ShortId, DateTimeOffset Time, string Host, string Os, IReadOnlyList<string> Paths, IReadOnlyList<string> Tags, long Files, long Bytes, long Added, string? App);

internal sealed record ChartPoint(DateTimeOffset Time, long Bytes, long Added);

internal sealed record SnapshotPage(
    bool Initialized,
    string Location,
    IReadOnlyList<SnapshotView> Items,
    int Total,
    int Page,
    int PageSize,
    IReadOnlyList<string> Hosts,
    IReadOnlyList<ChartPoint> Chart,
    IReadOnlyList<string> Damaged);

internal sealed record DeleteRequest(IReadOnlyList<string> Ids);

/// <summary><see cref="RenameUnsafe"/>: restore names the target cannot hold under safe ones (<c>--rename-unsafe</c>).</summary>
internal sealed record RestoreRequest(string Id, string Mode, string? Target, bool RenameUnsafe = false);

internal sealed record OperationStarted(int Id);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SettingsView))]
[JsonSerializable(typeof(SettingsForm))]
[JsonSerializable(typeof(List<AppView>))]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(ConnectionView))]
[JsonSerializable(typeof(StatusView))]
[JsonSerializable(typeof(BackupStartView))]
[JsonSerializable(typeof(SnapshotPage))]
[JsonSerializable(typeof(DeleteRequest))]
[JsonSerializable(typeof(RestoreRequest))]
[JsonSerializable(typeof(OperationStarted))]
[JsonSerializable(typeof(StorageView))]
internal sealed partial class WebJson : JsonSerializerContext;
