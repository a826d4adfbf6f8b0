using Ferry.Errors;

namespace Ferry.Apps;

/// <summary>
/// A restore refused because the app using its folder seems to be running. The message says so and
/// what to do; <see cref="App"/>, <see cref="Folder"/> and <see cref="Reasons"/> let a front end add how
/// its user can go ahead anyway.
/// </summary>
public sealed class AppInUseException : FerryException
{
    /// <inheritdoc/>
    public AppInUseException() { }

    /// <inheritdoc/>
    public AppInUseException(string message) : base(message) { }

    /// <inheritdoc/>
    public AppInUseException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>The refusal for <paramref name="app"/>, seen running in <paramref name="folder"/> for <paramref name="reasons"/>.</summary>
    public AppInUseException(string app, string folder, IReadOnlyList<string> reasons)
        : base($"{Describe(app, folder, reasons)}: quit it and restore again")
    {
        App = app;
        Folder = folder;
        Reasons = reasons ?? [];
    }

    /// <summary>The app's name as people know it, or "an app" when the folder is not a preset's.</summary>
    public string App { get; } = "an app";

    /// <summary>The folder the restore was to write.</summary>
    public string Folder { get; } = "";

    /// <summary>What says the app is running, one item each ("LOCK is locked by process 123").</summary>
    public IReadOnlyList<string> Reasons { get; } = [];

    /// <summary>What was seen, without what to do: "Cherry Studio seems to be running and using FOLDER (REASONS)".</summary>
    public string Situation => Describe(App, Folder, Reasons);

    private static string Describe(string app, string folder, IReadOnlyList<string>? reasons) =>
        $"{app} seems to be running and using {folder} ({string.Join("; ", reasons ?? [])})";
}
