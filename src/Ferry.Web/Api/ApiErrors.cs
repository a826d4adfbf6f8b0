using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Ferry.Errors;
using Microsoft.AspNetCore.Http;

namespace Ferry.Web.Api;

/// <summary>
/// Failures become one-line JSON errors the page shows: the engine's messages already say what to do
/// and never hold a secret. Anything else is a bug, reported as such, never as a stack trace.
/// </summary>
internal sealed class ApiErrors(RequestDelegate next)
{
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The last line of defence: a bug answers with one line, not a stack trace.")]
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The page went away; nobody reads the answer.
        }
        catch (Exception e) when (UserErrors.Is(e))
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, PageRemedies.Describe(e)).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            await WriteAsync(context, e.StatusCode, $"bad request: {e.Message}").ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, $"bad request: {e.Message}").ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await WriteAsync(context, StatusCodes.Status500InternalServerError, UserErrors.Unexpected(e)).ConfigureAwait(false);
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new ApiError(message.ReplaceLineEndings(" ")), WebJson.Default.ApiError).ConfigureAwait(false);
    }
}
