using Ferry.Errors;
using Ferry.Names;
using Ferry.Platform.Names;
using Ferry.Repository.Trees;

namespace Ferry.Restore.Names;

/// <summary>
/// The names of one restore against its target. The counting walk hands it each folder's entries
/// (<see cref="Plan"/>); it finds what the target cannot hold (<see cref="FolderNames"/>, asking the
/// target through <see cref="TargetFileSystem"/>) and the name each entry gets on disk. Before anything
/// is written, <see cref="EnsureRestorable"/> refuses the restore, naming every conflict, unless
/// renaming was asked for; then the writing walk takes the names from <see cref="OnDisk"/> and the
/// restore leaves the list of renames in the target (<see cref="RenameManifest"/>).
/// </summary>
internal sealed class RestoreNames : IDisposable
{
    private readonly TargetFileSystem _target;
    private readonly string _targetPath;
    private readonly bool _rename;
    private readonly int _stagingExtra;
    private readonly Dictionary<string, string> _onDisk = new(StringComparer.Ordinal);
    private readonly List<NameConflict> _conflicts = [];
    private readonly List<NameRename> _renames = [];
    private HashSet<string>? _rootNames;

    public RestoreNames(string target, bool rename)
    {
        _targetPath = target;
        _rename = rename;
        _target = TargetFileSystem.For(target);
        // The restore is written into a staging folder beside the target, whose path is longer.
        _stagingExtra = Math.Max(0, TargetFileSystem.PathLength(StagingArea.NewStaging(target)) - TargetFileSystem.PathLength(target));
    }

    /// <summary>Every entry restored under another name, in the order the walk met them.</summary>
    public IReadOnlyList<NameRename> Renames => _renames;

    /// <summary>Checks the entries one folder of the restore will hold; <paramref name="folder"/> is the folder's path in the target, <paramref name="relative"/> its path in the snapshot.</summary>
    public void Plan(string folder, string relative, IReadOnlyList<TreeNode> nodes)
    {
        var names = nodes.Select(n => n.Name).ToList();
        var (onDisk, problems) = FolderNames.Plan(names, _target);
        if (relative.Length == 0)
        {
            _rootNames = new HashSet<string>(onDisk, StringComparer.OrdinalIgnoreCase);
        }

        var folderLength = TargetFileSystem.PathLength(folder) + _stagingExtra;
        for (var i = 0; i < names.Count; i++)
        {
            if (problems.TryGetValue(i, out var problem))
            {
                var path = Child(relative, names[i]);
                _conflicts.Add(new NameConflict(path, problem, Renamable: true));
                _onDisk[path] = onDisk[i];
                _renames.Add(new NameRename(path, Child(DiskRelative(folder), onDisk[i])));
            }

            var length = folderLength + 1 + TargetFileSystem.PathLength(onDisk[i]);
            if (length > TargetFileSystem.MaxPath)
            {
                _conflicts.Add(new NameConflict(Child(relative, names[i]), $"its path in the target would be {length} {Unit} long, more than this system allows ({TargetFileSystem.MaxPath}): restore into a folder with a shorter path", Renamable: false));
            }
        }
    }

    /// <summary>The name an entry of the snapshot (at <paramref name="path"/>) has on disk.</summary>
    public string OnDisk(string path, string name) => _onDisk.GetValueOrDefault(path, name);

    /// <summary>
    /// Before anything is written: refuses a restore the target cannot hold, naming each conflict,
    /// unless renaming was asked for and can help. <paramref name="partial"/>: only some paths of an
    /// existing target are replaced, which cannot keep a list of renames for the whole folder.
    /// </summary>
    public void EnsureRestorable(bool partial)
    {
        if (_conflicts.Count > 0 && _rootNames is not null && _rootNames.Contains(RenameManifest.FileName) && !_onDisk.ContainsKey(RenameManifest.FileName))
        {
            // The list of renames goes at the top under this name: an entry of that name moves aside.
            _conflicts.Add(new NameConflict(RenameManifest.FileName, "is the name under which Ferry keeps the list of renamed entries", Renamable: true));
            var moved = SafeNames.Make(RenameManifest.FileName, _target, _rootNames);
            _onDisk[RenameManifest.FileName] = moved;
            _renames.Add(new NameRename(RenameManifest.FileName, moved));
        }

        if (_conflicts.Count == 0)
        {
            return;
        }

        var count = _conflicts.Count == 1 ? "1 entry" : $"{_conflicts.Count} entries";
        if (_conflicts.Exists(c => !c.Renamable))
        {
            throw new UnsafeNamesException($"{count} of the snapshot cannot be restored into {_targetPath} as they are; nothing was written", _conflicts);
        }

        if (!_rename)
        {
            throw new UnsafeNamesException($"{count} of the snapshot cannot be restored into {_targetPath} under their names (this file system cannot hold them); nothing was written", _conflicts) { Remedy = Remedy.RenameUnsafeNames };
        }

        if (partial)
        {
            throw new UnsafeNamesException($"{count} of the snapshot need other names in {_targetPath}, which replacing only some paths cannot keep track of; nothing was written", _conflicts) { Remedy = Remedy.RestoreWholeSnapshot };
        }
    }

    /// <summary>Leaves the list of renames at the top of the restored tree (nothing when there are none).</summary>
    public void WriteManifest(string root)
    {
        if (_renames.Count == 0)
        {
            return;
        }

        using var handle = NamedFiles.OpenWrite(Path.Join(root, RenameManifest.FileName), createNew: true);
        RandomAccess.Write(handle, RenameManifest.Write(_renames), 0);
    }

    public void Dispose() => _target.Dispose();

    private string DiskRelative(string folder) =>
        folder.Length <= _targetPath.Length ? "" : folder[(_targetPath.Length + 1)..].Replace(Path.DirectorySeparatorChar, '/');

    private static string Unit => OperatingSystem.IsWindows() ? "characters" : "bytes";

    private static string Child(string relative, string name) => relative.Length == 0 ? name : $"{relative}/{name}";
}
