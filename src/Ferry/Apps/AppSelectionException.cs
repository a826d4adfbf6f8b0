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
    public AppSelectionException() { }

    public AppSelectionException(string message) : base(message) { }

    public AppSelectionException(string message, Exception? innerException) : base(message, innerException) { }

    public AppSelectionException(AppSelectionProblem problem, string message) : base(message)
    {
        Problem = problem;
    }

    public AppSelectionProblem Problem { get; }
}
