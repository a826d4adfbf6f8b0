namespace Ferry.Configuration;

/// <summary>
/// One mistake in the settings: <see cref="Setting"/> is the setting's name as <c>ferry config set</c>
/// knows it (<see cref="SettingNames.All"/>), <see cref="Message"/> one line that says what to change
/// and never holds a secret; <see cref="Remedy"/> a next step the front end words (<see cref="Errors.Remedy"/>).
/// </summary>
public sealed record SettingProblem(string Setting, string Message, Errors.Remedy Remedy = Errors.Remedy.None)
{
    /// <summary>The problem as the error a front end reports.</summary>
    public Errors.FerryException ToException() => new(Message) { Remedy = Remedy };
}
