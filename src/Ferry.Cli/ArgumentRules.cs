using System.CommandLine;

namespace Ferry.Cli;

/// <summary>
/// The parser hands an unknown "--option" to a positional argument when one can take it; a typo'd
/// option must be a usage error (exit 2), not a path that "does not exist".
/// </summary>
internal static class ArgumentRules
{
    public static T RejectOptionLikeValues<T>(this T argument)
        where T : Argument
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.StartsWith('-') && token.Value != "-")
                {
                    result.AddError($"unknown option '{token.Value}' (a path that starts with '-' can be given as ./{token.Value})");
                }
            }
        });
        return argument;
    }
}
