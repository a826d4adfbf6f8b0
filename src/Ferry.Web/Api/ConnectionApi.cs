using Ferry.Configuration;
using Ferry.Errors;
using Ferry.Operations;
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
            var report = await ConnectionTest.RunAsync(store, PasswordSource.Known(PasswordReader.Read(services.Settings.ResolveWith(settings))), services.Time, cancellationToken).ConfigureAwait(false);
            var steps = report.Store.Steps.Select(s => new ProbeStepView(s.Name, s.Ok, s.Error)).ToList();
            if (report.Repository is { } repository)
            {
                steps.Add(RepositoryStepOf(repository));
            }

            return Results.Ok(new ConnectionView(report.Ok, s3.Location, steps));
        });
    }

    /// <summary>Whether a repository is there and whether the password opens it, in the page's words.</summary>
    private static ProbeStepView RepositoryStepOf(RepositoryFinding repository) => repository switch
    {
        { Found: RepositoryFound.NoneYet } => new("no repository here yet: the first backup creates one", true, null),
        { Found: RepositoryFound.Opens } => new($"repository {repository.RepositoryId![..8]} opens with the password", true, null),
        { Failure.Remedy: Remedy.GivePassword } => new(RepositoryStep, false, "a repository is here but no encryption password is set: enter the password it was created with"),
        _ => new(RepositoryStep, false, PageRemedies.Describe(repository.Failure!)),
    };
}
