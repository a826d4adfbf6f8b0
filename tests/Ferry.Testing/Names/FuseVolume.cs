using Ferry.Testing.Support;

namespace Ferry.Testing.Names;

/// <summary>
/// A Windows-like file system on Linux: an image file of a few MB, formatted exFAT or NTFS and mounted
/// through FUSE (exfat-fuse through a loop device; ntfs-3g with <c>windows_names</c>, which refuses
/// what Windows refuses). Unmounted and deleted on dispose, also when the test failed.
/// </summary>
public sealed class FuseVolume : IDisposable
{
    private const string Hint = "FUSE file systems need root, /dev/fuse, a loop device and exfat-fuse, exfatprogs, ntfs-3g (.ci/run installs them)";
    private const string Size = "8M";

    private readonly string _folder;
    private string? _loop;
    private bool _mounted;

    private FuseVolume(string folder, string kind)
    {
        _folder = folder;
        Kind = kind;
        Directory.CreateDirectory(folder);
        Image = Path.Combine(folder, $"{kind}.img");
        Root = Path.Combine(folder, "mnt");
        Directory.CreateDirectory(Root);
        Shell.Run("truncate", Hint, "-s", Size, Image);
    }

    public string Kind { get; }

    /// <summary>The mounted file system's top folder.</summary>
    public string Root { get; }

    private string Image { get; }

    /// <summary>exFAT, as on USB sticks and SD cards: ignores case, refuses <c>&lt;&gt;:"\|?*</c> and control characters, holds only Unicode names.</summary>
    public static FuseVolume ExFat(string folder) => Mount(new FuseVolume(folder, "exfat"), volume =>
    {
        Shell.Run("mkfs.exfat", Hint, volume.Image);
        volume._loop = AttachLoop(volume.Image);
        Shell.Run("mount.exfat-fuse", Hint, volume._loop, volume.Root);
    });

    /// <summary>NTFS as ntfs-3g mounts it with <c>windows_names</c>: refuses Windows' reserved characters, device names and trailing dots and spaces; keeps case apart (POSIX names).</summary>
    public static FuseVolume Ntfs(string folder) => Mount(new FuseVolume(folder, "ntfs"), volume =>
    {
        Shell.Run("mkntfs", Hint, "-F", "-q", "-f", volume.Image);
        Shell.Run("ntfs-3g", Hint, "-o", "windows_names", volume.Image, volume.Root);
    });

    /// <summary>Why FUSE volumes cannot be made here, or null when they can.</summary>
    public static string? Missing()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return "not root on Linux";
        }

        foreach (var device in new[] { "/dev/fuse", "/dev/loop-control" })
        {
            if (!File.Exists(device))
            {
                return $"{device} is missing";
            }
        }

        var tools = new[] { "mkfs.exfat", "mount.exfat-fuse", "mkntfs", "ntfs-3g", "fusermount", "losetup", "truncate", "python3" };
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/sbin"]);
        var missing = tools.Where(t => !path.Any(p => File.Exists(Path.Combine(p, t)))).ToList();
        return missing.Count == 0 ? null : $"{string.Join(", ", missing)} not installed";
    }

    public void Dispose()
    {
        if (_mounted)
        {
            Unmount();
        }

        if (_loop is not null)
        {
            Shell.Run("losetup", null, "-d", _loop);
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static FuseVolume Mount(FuseVolume volume, Action<FuseVolume> mount)
    {
        try
        {
            mount(volume);
            volume._mounted = true;
            return volume;
        }
        catch
        {
            volume.Dispose();
            throw;
        }
    }

    /// <summary>Another test (or program) may take the same free loop device at the same moment: try again.</summary>
    private static string AttachLoop(string image)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Shell.Output("losetup", Hint, "--find", "--show", image).Trim();
            }
            catch (InvalidOperationException) when (attempt < 5)
            {
                Thread.Sleep(200 * attempt);
            }
        }
    }

    /// <summary>A FUSE daemon may still be busy for a moment after the last file closed: try again, then detach lazily.</summary>
    private void Unmount()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Shell.Run("fusermount", null, "-u", Root);
                return;
            }
            catch (InvalidOperationException) when (attempt < 10)
            {
                Thread.Sleep(200);
            }
            catch (InvalidOperationException)
            {
                Shell.Run("fusermount", null, "-u", "-z", Root);
                return;
            }
        }
    }
}

/// <summary>
/// A test on a FUSE file system. In CI (<c>FERRY_TEST_REQUIRE_FUSE=1</c>, set by .ci/run) it always
/// runs, and fails when FUSE or the tools are missing; on a developer's machine without them it is
/// skipped, with the reason in the test output.
/// </summary>
public sealed class FuseFactAttribute : FactAttribute
{
    public FuseFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("FERRY_TEST_REQUIRE_FUSE") != "1" && FuseVolume.Missing() is { } why)
        {
            Skip = $"SKIPPED, FUSE file systems unavailable here ({why}); CI runs these with FERRY_TEST_REQUIRE_FUSE=1";
        }
    }
}
