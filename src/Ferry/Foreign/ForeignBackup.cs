namespace Ferry.Foreign;

/// <summary>
/// An app's own backup found beside the repository: a Cherry Studio zip
/// (<c>cherry-studio.&lt;yyyyMMddHHmmss&gt;.&lt;host&gt;.&lt;device&gt;.zip</c>) under the same root path.
/// </summary>
/// <param name="Key">The object's key under the root.</param>
/// <param name="App">The app that made it (<c>cherry-studio</c>).</param>
/// <param name="Host">The device's host name, from the key.</param>
/// <param name="Device">The device type the app recorded: <c>mac</c>, <c>windows</c>, <c>linux</c> or what it said.</param>
/// <param name="Time">When it was made, on the device's own clock (the key has no time zone).</param>
/// <param name="Size">The archive's size in bytes.</param>
public sealed record ForeignBackup(string Key, string App, string Host, string Device, DateTime Time, long Size)
{
    /// <summary>The device type in Ferry's words (<c>macos</c> for the app's <c>mac</c>).</summary>
    public string Os => Device == "mac" ? "macos" : Device;
}
