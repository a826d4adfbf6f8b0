using Ferry.Configuration;
using Ferry.Repository.Crypto;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ferry.Web.Api;

/// <summary><c>GET/POST /api/settings</c>: the settings panel. Secrets go in, never out.</summary>
internal static class SettingsApi
{
    public static void Map(IEndpointRouteBuilder api, WebServices services)
    {
        api.MapGet("/settings", () => View(services.Settings));
        api.MapPost("/settings", (SettingsForm form) =>
        {
            var saved = services.Settings.Load();
            var next = SettingsForms.Apply(saved, form);
            if (SettingsForms.Check(saved, form, next, services.Settings) is { } error)
            {
                return Results.BadRequest(error);
            }

            // ConfigFile writes mode 0600, atomically: the file holds the secret key and the password.
            services.Settings.File.Save(next);
            services.Scheduler?.Wake();
            var weakness = string.IsNullOrEmpty(form.Password) ? null : PasswordStrength.Weakness(form.Password);
            return Results.Ok(View(services.Settings) with { PasswordWeakness = weakness });
        });
    }

    public static SettingsView View(SettingsSource source)
    {
        var saved = source.Load();
        var resolved = source.Resolve();
        return new SettingsView(
            saved.Endpoint ?? "",
            saved.Region ?? "",
            saved.Bucket ?? "",
            saved.AccessKeyId ?? "",
            resolved.SecretAccessKey.HasValue,
            saved.Root ?? "",
            saved.Addressing ?? "auto",
            resolved.Password.HasValue || resolved.PasswordFile.HasValue,
            saved.Host ?? "",
            resolved.Host.Value ?? "",
            saved.SourceFolder ?? "",
            saved.App ?? "",
            saved.AutoBackupMinutes ?? 0,
            saved.MaxBackups ?? 0,
            saved.Lite ?? false,
            source.File.Path,
            Describe(resolved),
            [.. Overrides(resolved)],
            new Choices(ScheduleChoices.IntervalMinutes, ScheduleChoices.MaxBackups));
    }

    public static string Describe(ResolvedSettings settings) => settings.Kind == RepositoryKind.S3
        ? $"S3 bucket '{settings.Bucket.Value}' at {settings.Endpoint.Value ?? "(no endpoint)"}" + (settings.Root.HasValue ? $", root '{settings.Root.Value}'" : "")
        : $"local folder {settings.Repository.Value}" + (settings.IsDefaultRepository ? " (no bucket configured yet)" : "");

    /// <summary>Settings the environment or the command line set: what the page saves does not apply to them.</summary>
    private static IEnumerable<string> Overrides(ResolvedSettings settings) =>
        settings.All
            .Where(s => s.Source is SettingSource.Environment or SettingSource.CommandLine)
            .Select(s => $"{s.Name} comes from the {(s.Source == SettingSource.Environment ? "environment" : "command line")} and overrides the value saved here");
}
