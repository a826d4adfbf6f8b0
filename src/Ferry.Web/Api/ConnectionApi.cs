using Ferry.Configuration;
using Ferry.Errors;
using Ferry.Repository;
using Ferry.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ferry.Web.Api;

/// <summary>
/// <c>POST /api/test-connection</c>: the settings in the form, saved or not, through the same steps as
/// <c>ferry config test</c>; the report names the step that failed and what to change.
/// </summary>
internal static class ConnectionApi
{
    public const string RepositoryStep = "open the repository";

    public static void Map(IEndpointRouteBuilder api, WebServices services)
    {
        api.MapPost("/test-connection", async (SettingsForm form, CancellationToken cancellationToken) =>
        {
            var saved = services.Settings.Load();
            var settings = SettingsForms.Apply(saved, form);
            if (!SettingsForms.HasS3(settings))
            {
                return Results.BadRequest(new ApiError("fill in Endpoint and Bucket first", "endpoint"));
            }

            if (SettingsForms.CheckSecretsRetyped(saved, form) is { } retype)
            {
                return Results.BadRequest(retype);
            }

            // Like saving: every field that is wrong is marked, before any request is sent.
            if (SettingsForms.CheckS3(settings) is { } invalid)
            {
                return Results.BadRequest(invalid);
            }

            // Built as every backup builds it: retries, and AWS's endpoint when only a region is given.
            var s3 = SettingsValidator.S3SettingsOf(settings);
            using var store = StoreFactory.CreateS3(s3, services.Time);
            var probe = await StoreProbe.RunAsync(store, cancellationToken).ConfigureAwait(false);
            var steps = probe.Steps.Select(s => new ProbeStepView(s.Name, s.Ok, s.Error)).ToList();
            if (probe.Ok)
            {
                steps.Add(await OpenRepositoryAsync(store, services.Settings.ResolveWith(settings), services.Time, cancellationToken).ConfigureAwait(false));
            }

            return Results.Ok(new ConnectionReport(steps.All(s => s.Ok), s3.Location, steps));
        });
    }

    /// <summary>The bucket works; say whether a repository is there and whether the password opens it.</summary>
    private static async Task<ProbeStepView> OpenRepositoryAsync(IObjectStore store, ResolvedSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            if (!await FerryRepository.IsInitializedAsync(store, cancellationToken).ConfigureAwait(false))
            {
                return new ProbeStepView("no repository here yet: the first backup creates one", true, null);
            }

            var password = PasswordReader.Read(settings);
            if (password is null)
            {
                return new ProbeStepView(RepositoryStep, false, "a repository is here but no encryption password is set: enter the password it was created with");
            }

            var repository = await FerryRepository.OpenAsync(store, password, time, cancellationToken).ConfigureAwait(false);
            return new ProbeStepView($"repository {repository.Id[..8]} opens with the password", true, null);
        }
        catch (FerryException e)
        {
            return new ProbeStepView(RepositoryStep, false, PageRemedies.Describe(e));
        }
    }
}
