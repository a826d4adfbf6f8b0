using System.CommandLine;
using Ferry.Configuration;
using Ferry.Errors;
using Ferry.Operations;
using Ferry.Repository;
using Ferry.Storage;
using Spectre.Console;

namespace Ferry.Cli;

/// <summary>One invocation: the resolved settings and the ways to reach the repository they describe.</summary>
internal sealed class CliContext
{
    private CliContext(CliServices services, ResolvedSettings settings, bool quiet, bool json)
    {
        Services = services;
        Settings = settings;
        Quiet = quiet;
        Json = json;
    }

    public CliServices Services { get; }

    public ResolvedSettings Settings { get; }

    public bool Quiet { get; }

    public bool Json { get; }

    public IAnsiConsole Out => Services.Out;

    public static CliContext Create(ParseResult parse, CliServices services, string? host = null)
    {
        var configPath = SettingsResolver.DefaultConfigPath(services.Environment);
        var saved = new ConfigFile(configPath).Load();
        var flags = new CommandLineSettings(parse.GetValue(GlobalOptions.Repository), host, parse.GetValue(GlobalOptions.PasswordFile));
        var settings = SettingsResolver.Resolve(flags, services.Environment, saved, configPath);
        return new CliContext(services, settings, parse.GetValue(GlobalOptions.Quiet), parse.GetValue(GlobalOptions.Json));
    }

    /// <summary>A notice for people (standard error), suppressed by --quiet.</summary>
    public void Notice(string markup)
    {
        if (!Quiet)
        {
            Services.Err.MarkupLine(markup);
        }
    }

    public IObjectStore OpenStore() => StoreFactory.Create(Settings, Services.Time);

    public async Task<FerryRepository> OpenRepositoryAsync(CancellationToken cancellationToken)
    {
        var store = OpenStore();
        AnnounceDefaultRepository();
        return await FerryRepository.OpenAsync(store, ReadPassword(confirm: false), Services.Time, CacheDirectory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens the repository, creating it first when the location holds none (a first backup needs no set-up).</summary>
    public async Task<FerryRepository> OpenOrInitAsync(CancellationToken cancellationToken)
    {
        var store = OpenStore();
        AnnounceDefaultRepository();
        var opened = await RepositoryAccess.OpenOrCreateAsync(store, Password(), Settings.Host.Value!, Services.Time, CacheDirectory, cancellationToken).ConfigureAwait(false);
        if (opened.Created)
        {
            Notice($"created a new repository at [bold]{Markup.Escape(store.Location)}[/]; keep its password: without it the backups cannot be read");
        }

        return opened.Repository;
    }

    /// <summary>The configured password, else one typed at the terminal when the engine needs it.</summary>
    public PasswordSource Password() =>
        PasswordReader.Read(Settings) is { } known ? PasswordSource.Known(known) : PasswordSource.Asked(confirm => ReadPassword(confirm));

    /// <summary>The configured password, or one typed at the terminal; never from the command line itself.</summary>
    public string ReadPassword(bool confirm)
    {
        if (PasswordReader.Read(Settings) is { } password)
        {
            return password;
        }

        if (!Services.InputIsTerminal)
        {
            throw FerryRepository.MissingPassword();
        }

        var typed = Services.Err.Prompt(new TextPrompt<string>("Repository password:").Secret());
        if (confirm && Services.Err.Prompt(new TextPrompt<string>("Same password again:").Secret()) != typed)
        {
            throw new FerryException("the two passwords differ; nothing was created");
        }

        return typed;
    }

    private string? CacheDirectory => RepositoryCache.Directory(Services.Environment);

    private void AnnounceDefaultRepository()
    {
        if (Settings.IsDefaultRepository)
        {
            Notice($"no repository configured: using the local repository at [bold]{Markup.Escape(Settings.Repository.Value!)}[/] (set S3 settings with 'ferry config set' or FERRY_S3_*)");
        }
    }
}
