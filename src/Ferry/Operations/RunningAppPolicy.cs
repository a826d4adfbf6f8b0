using Ferry.Apps;

namespace Ferry.Operations;

/// <summary>
/// How a restore treats an app that seems to be running in its target: such an app would overwrite
/// the restored data when it exits, so the restore is refused unless the person chose to go ahead.
/// Every restore passes this before it writes, whichever front end starts it.
/// </summary>
/// <param name="ConfigPath">The config file, beside which the user's own app presets are kept.</param>
/// <param name="Environment">The variables that place the apps' data folders (HOME, APPDATA, …).</param>
/// <param name="RestoreAnyway">Go ahead even so; the front end warns with what was seen.</param>
public sealed record RunningAppPolicy(string ConfigPath, IReadOnlyDictionary<string, string> Environment, bool RestoreAnyway = false)
{
    /// <summary>
    /// Null when nothing seems to run in <paramref name="target"/>. Otherwise throws the refusal, or,
    /// with <see cref="RestoreAnyway"/>, returns it for the front end to show as a warning.
    /// </summary>
    public AppInUseException? Check(string target)
    {
        if (AppInUse.Check(target, ConfigPath, Environment) is not { } inUse)
        {
            return null;
        }

        return RestoreAnyway ? inUse : throw inUse;
    }
}
