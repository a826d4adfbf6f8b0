using Ferry.Configuration;
using Ferry.Errors;
using Ferry.Storage.S3;
using Ferry.Testing;

namespace Ferry.Tests.Configuration;

/// <summary>The one validator behind the page's save, <c>ferry config set</c> and the store factory.</summary>
public sealed class SettingsValidatorTests : IDisposable
{
    private const string Secret = "wJalrXUtnFEMI-K7MDENG-EXAMPLEKEY";

    private readonly TempFolder _temp = new();
    private readonly SettingsSource _source;

    public SettingsValidatorTests()
    {
        var home = _temp.Sub("home");
        _source = new SettingsSource(_temp.Sub("config/config.json"), new Dictionary<string, string> { ["HOME"] = home, ["USERPROFILE"] = home }, TimeProvider.System);
    }

    private static SavedSettings Good => new()
    {
        Endpoint = "https://s3.us-west-1.amazonaws.com",
        Region = "us-west-1",
        Bucket = "my-backups",
        AccessKeyId = "AKIAIOSFODNN7EXAMPLE",
        SecretAccessKey = Secret,
        Root = "backups/laptop",
    };

    [Fact]
    public void Complete_good_settings_have_no_problem()
    {
        Assert.Empty(SettingsValidator.Check(Good with { SourceFolder = _temp.Path, AutoBackupMinutes = 60, MaxBackups = 10, Addressing = "path" }, _source));
    }

    [Fact]
    public void Every_problem_is_listed_with_the_setting_it_is_about_in_the_order_the_checks_run()
    {
        var settings = new SavedSettings
        {
            Endpoint = "s3.us-west-1.amazonaws.com",
            Bucket = "my backups",
            Root = "a/../b",
            Addressing = "sideways",
            AutoBackupMinutes = 7,
            MaxBackups = 4,
            SourceFolder = "relative/folder",
        };

        var problems = SettingsValidator.Check(settings, _source);

        Assert.Equal(
            [
                new("addressing", "addressing must be auto, path or virtual, not 'sideways'"),
                new("auto-backup-minutes", "auto-backup-minutes must be one of 0, 1, 5, 15, 30, 60, 120, 360, 720, 1440, not '7'"),
                new("max-backups", "max-backups must be one of 0, 1, 3, 5, 10, 20, 50, not '4'"),
                new("source-folder", "Folder to back up 'relative/folder' is not a full path: give it from the root, e.g. /home/you/.config/App"),
                new("endpoint", "Endpoint 's3.us-west-1.amazonaws.com' has no scheme: add https:// (https://s3.us-west-1.amazonaws.com)"),
                new("bucket", "Bucket 'my backups' contains spaces: bucket names have none; check for a stray space"),
                new("access-key-id", "Access Key ID is empty: copy it from the provider's API keys page"),
                new("secret-access-key", "Secret Access Key is empty: copy it from the provider's API keys page"),
                new("root", "Root Path 'a/../b' has an empty, '.' or '..' part: use plain folder names such as backups/laptop"),
            ],
            problems);
    }

    [Fact]
    public void The_store_factory_refuses_with_the_first_of_the_same_problems()
    {
        var s3 = SettingsValidator.S3SettingsOf(Good with { Endpoint = "https://my-backups.s3.us-west-1.amazonaws.com", Region = "eu-west-1", Root = "a//b" });
        var problems = SettingsValidator.CheckS3(s3);

        var refused = Assert.ThrowsAny<Ferry.Storage.StorageException>(() => StoreFactory.Create(ResolvedFrom(s3), TimeProvider.System));

        Assert.Equal(["endpoint", "root"], problems.Select(p => p.Setting));
        Assert.Equal(problems[0].Message, refused.Message);
        Assert.Equal("Endpoint https://my-backups.s3.us-west-1.amazonaws.com repeats the bucket name 'my-backups': set Endpoint to https://s3.us-west-1.amazonaws.com", refused.Message);
    }

    [Fact]
    public void A_missing_endpoint_is_one_problem_with_one_remedy_for_the_page_and_the_store_factory()
    {
        var s3 = SettingsValidator.S3SettingsOf(Good with { Endpoint = null, Region = null });
        var problem = SettingsValidator.CheckS3(s3)[0];

        var refused = Assert.ThrowsAny<Ferry.Storage.StorageException>(() => StoreFactory.Create(ResolvedFrom(s3), TimeProvider.System));

        Assert.Equal(("endpoint", Remedy.SetEndpoint), (problem.Setting, problem.Remedy));
        Assert.Equal((problem.Message, Remedy.SetEndpoint), (refused.Message, refused.Remedy));
        Assert.Equal("Endpoint is empty: set it to the provider's S3 URL, e.g. https://s3.us-west-1.amazonaws.com", refused.Message);
    }

    [Fact]
    public void A_region_without_an_endpoint_is_accepted_as_the_store_factory_accepts_it()
    {
        // The store factory gives AWS's endpoint for a region alone; the page and config set must not refuse it.
        var regionOnly = Good with { Endpoint = null, Region = "eu-west-1" };

        Assert.Empty(SettingsValidator.Check(regionOnly, _source));
        Assert.Equal("https://s3.eu-west-1.amazonaws.com", SettingsValidator.S3SettingsOf(regionOnly).Endpoint);
        Assert.Equal(SettingsValidator.S3SettingsOf(regionOnly), StoreFactory.ToS3Settings(_source.ResolveWith(regionOnly)));
    }

    [Fact]
    public void A_secret_pasted_into_another_field_never_reaches_a_message()
    {
        var problems = SettingsValidator.Check(Good with { Bucket = $"x {Secret}", Root = $"{Secret}//b" }, _source);

        Assert.Equal(["bucket", "root"], problems.Select(p => p.Setting));
        Assert.All(problems, p => Assert.DoesNotContain(Secret, p.Message, StringComparison.Ordinal));
        Assert.All(problems, p => Assert.Contains("<secret>", p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_without_an_endpoint_or_bucket_are_a_local_repository_and_need_no_S3_field()
    {
        Assert.Empty(SettingsValidator.Check(new SavedSettings { SourceFolder = _temp.Path, AutoBackupMinutes = 5 }, _source));
    }

    [Fact]
    public void Automatic_backups_need_a_folder_or_an_app_whose_data_folder_exists_here()
    {
        var cherry = Path.Combine(_temp.Sub("home"), ".config", "CherryStudio");

        var noFolder = SettingsValidator.Check(new SavedSettings { AutoBackupMinutes = 60 }, _source);
        var noCherry = SettingsValidator.Check(new SavedSettings { AutoBackupMinutes = 60, App = "cherry-studio" }, _source);
        var unknown = SettingsValidator.Check(new SavedSettings { App = "no-such-app" }, _source);
        Directory.CreateDirectory(cherry);
        var cherryHere = SettingsValidator.Check(new SavedSettings { AutoBackupMinutes = 60, App = "cherry-studio" }, _source);

        Assert.Equal([new("source-folder", "Folder to back up is empty: choose an app or a folder before turning on automatic backups")], noFolder);
        Assert.Equal("source-folder", Assert.Single(noCherry).Setting);
        Assert.Contains($"{cherry} does not exist", noCherry[0].Message, StringComparison.Ordinal);
        Assert.Equal([new("app", "no app preset named 'no-such-app'", Remedy.ListApps)], unknown);
        Assert.Empty(cherryHere);
    }

    [Fact]
    public void One_key_at_a_time_a_setting_not_given_yet_is_no_problem()
    {
        var empty = new SavedSettings();

        Assert.Empty(SettingsValidator.CheckSet(empty, "bucket", empty with { Bucket = "my-backups" }, _source));
        Assert.Empty(SettingsValidator.CheckSet(empty, "auto-backup-minutes", empty with { AutoBackupMinutes = 60 }, _source));
        Assert.Empty(SettingsValidator.CheckSet(empty, "app", empty with { App = "cherry-studio" }, _source));
        Assert.Empty(SettingsValidator.CheckSet(empty, "endpoint", empty with { Endpoint = "https://s3.us-west-1.amazonaws.com" }, _source));
    }

    [Fact]
    public void One_key_at_a_time_the_value_is_checked_alone_and_against_those_already_there()
    {
        var saved = new SavedSettings { Endpoint = "https://my-backups.s3.us-west-1.amazonaws.com", Region = "us-west-1" };

        var bucket = SettingsValidator.CheckSet(saved, "bucket", saved with { Bucket = "my-backups" }, _source);
        var r2 = SettingsValidator.CheckSet(saved, "endpoint", saved with { Endpoint = "https://0123abc.r2.cloudflarestorage.com" }, _source);
        var space = SettingsValidator.CheckSet(saved, "bucket", saved with { Bucket = "my backups" }, _source);

        Assert.Equal("endpoint", Assert.Single(bucket).Setting);
        Assert.Contains("repeats the bucket name 'my-backups'", bucket[0].Message, StringComparison.Ordinal);
        Assert.Equal([new("region", "Cloudflare R2 signs with region 'auto', not 'us-west-1': set Region to auto")], r2);
        Assert.Equal("bucket", Assert.Single(space).Setting);
    }

    [Fact]
    public void One_key_at_a_time_a_problem_already_saved_is_not_blamed_on_another_key_but_setting_it_again_is_refused()
    {
        var missing = _temp.Sub("gone");
        var saved = new SavedSettings { Root = "a//b", SourceFolder = missing };

        Assert.Empty(SettingsValidator.CheckSet(saved, "region", saved with { Region = "eu-west-1" }, _source));
        Assert.Equal("root", Assert.Single(SettingsValidator.CheckSet(saved, "root", saved, _source)).Setting);
        Assert.Equal("source-folder", Assert.Single(SettingsValidator.CheckSet(saved, "source-folder", saved, _source)).Setting);
    }

    private ResolvedSettings ResolvedFrom(S3Settings s3) => _source.ResolveWith(new SavedSettings { Endpoint = s3.Endpoint, Region = s3.Region, Bucket = s3.Bucket, AccessKeyId = s3.AccessKeyId, SecretAccessKey = s3.SecretAccessKey, Root = s3.Root });

    public void Dispose()
    {
        _source.Dispose();
        _temp.Dispose();
    }
}
