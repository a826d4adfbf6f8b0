using Ferry.Errors;

namespace Ferry.Apps;

/// <summary>Why an app's backup cannot be planned; the command line turns some of these into usage errors.</summary>
public enum AppSelectionProblem
{
    /// <summary>No preset has the name given.</summary>
    UnknownApp,

    /// <summary>The preset names no data folder on this OS (the generic Electron one names none anywhere).</summary>
    NoDataFolder,

    /// <summary>The preset's data folder on this computer does not exist.</summary>
    DataFolderMissing,
}

/// <summary>An app preset cannot be used as asked: <see cref="Problem"/> says why, the message what to do.</summary>
public sealed class AppSelectionException : FerryException
{
    /// <inheritdoc/>
    public AppSelectionException() { }

    /// <inheritdoc/>
    public AppSelectionException(string message) : base(message) { }

    /// <inheritdoc/>
    public AppSelectionException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>A problem of <paramref name="problem"/>'s kind, with a message that says what to do.</summary>
    public AppSelectionException(AppSelectionProblem problem, string message) : base(message)
    {
        Problem = problem;
    }

    /// <summary>Why the preset cannot be used.</summary>
    public AppSelectionProblem Problem { get; }
}
