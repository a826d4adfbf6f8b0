// Embedding Ferry: back up a folder to an S3 bucket, then list the bucket's snapshots.
//
//   dotnet run --project samples/EmbedFerry -- FOLDER
//
// Settings come from the environment, as for the ferry command: FERRY_S3_ENDPOINT, FERRY_S3_REGION,
// FERRY_S3_BUCKET, FERRY_S3_ACCESS_KEY_ID, FERRY_S3_SECRET_ACCESS_KEY, FERRY_S3_ROOT (optional), FERRY_PASSWORD.
using Ferry.Backup;
using Ferry.Maintenance;
using Ferry.Operations;
using Ferry.Storage.S3;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: EmbedFerry FOLDER");
    return 2;
}

static string Setting(string name) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"{name} is not set");

var settings = new S3Settings
{
    Endpoint = Setting("FERRY_S3_ENDPOINT"),
    Region = Environment.GetEnvironmentVariable("FERRY_S3_REGION") ?? "",
    Bucket = Setting("FERRY_S3_BUCKET"),
    AccessKeyId = Setting("FERRY_S3_ACCESS_KEY_ID"),
    SecretAccessKey = Setting("FERRY_S3_SECRET_ACCESS_KEY"),
    Root = Environment.GetEnvironmentVariable("FERRY_S3_ROOT") ?? "",
};
var password = Setting("FERRY_PASSWORD");

using var store = S3ObjectStore.Create(settings); // checks the settings before any request
var opened = await RepositoryAccess.OpenOrCreateAsync(store, PasswordSource.Known(password), Environment.MachineName, TimeProvider.System, cacheDirectory: null, CancellationToken.None);
var repository = opened.Repository;

// Keep the newest 10 backups of this device and folder, then let automatic maintenance remove what none needs.
var backup = new BackupWithRetention(
    repository,
    new BackupOptions { Paths = [Path.GetFullPath(args[0])], Host = Environment.MachineName },
    new AfterBackup { MaxBackups = 10, Maintenance = new MaintenanceOptions() });
var result = await backup.RunAsync(CancellationToken.None);
Console.WriteLine($"stored snapshot {result.ShortId}: {result.Snapshot.Summary.Files} files, {result.Snapshot.Summary.Bytes} bytes");

foreach (var entry in await repository.ListSnapshotsAsync(CancellationToken.None))
{
    Console.WriteLine($"{entry.ShortId}  {entry.Snapshot.Time:yyyy-MM-dd HH:mm:ss}  {entry.Snapshot.Host}  {string.Join(", ", entry.Snapshot.Paths)}");
}

return result.Problems.Count == 0 ? 0 : 3;
