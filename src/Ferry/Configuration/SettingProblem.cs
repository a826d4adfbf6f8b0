namespace Ferry.Configuration;

/// <summary>
/// One mistake in the settings: <see cref="Setting"/> is the setting's name as <c>ferry config set</c>
/// knows it (<see cref="SettingNames.All"/>), <see cref="Message"/> one line that says what to change
/// and never holds a secret.
/// </summary>
public sealed record SettingProblem(string Setting, string Message);
