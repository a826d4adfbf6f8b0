using Ferry.Repository;
using Ferry.Repository.Trees;
using Ferry.Restore;
using Ferry.Storage.Memory;
using Ferry.Testing;

namespace Ferry.Tests.Restore;

/// <summary>A snapshot written by someone hostile (or corrupted) must not make a restore write outside its target.</summary>
public sealed class HostileSnapshotTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();

    [Theory]
    [InlineData("../escaped")]
    [InlineData("..")]
    [InlineData("/etc/escaped")]
    [InlineData("sub/../../escaped")]
    public async Task Entries_that_leave_the_target_are_refused_and_nothing_is_written(string name)
    {
        var (repository, snapshot) = await HandMadeSnapshot.WithAsync(new TreeNode { Name = name, Type = NodeType.File, Content = [], Size = 0 });
        var target = _temp.Sub("box/target");

        var e = await Assert.ThrowsAsync<CorruptDataException>(() => new RestoreRunner(repository, snapshot, new RestoreOptions { Target = target }).RunAsync(None));

        Assert.Contains("unsafe entry name", e.Message);
        Assert.False(File.Exists(_temp.Sub("box/escaped")));
        Assert.False(File.Exists("/etc/escaped"));
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public async Task A_symlink_and_a_folder_of_the_same_name_are_refused()
    {
        var repository = await FerryRepository.InitAsync(new MemoryObjectStore(), "test password", "h", TimeProvider.System, None);
        var inner = await HandMadeSnapshot.SaveTreeAsync(repository, new Tree { Nodes = [new TreeNode { Name = "passwd", Type = NodeType.File, Content = [], Size = 0 }] });
        var (_, snapshot) = await HandMadeSnapshot.WithAsync(
            repository,
            new TreeNode { Name = "etc", Type = NodeType.Symlink, Target = "/etc" },
            new TreeNode { Name = "etc", Type = NodeType.Directory, Subtree = inner });

        var e = await Assert.ThrowsAsync<CorruptDataException>(() => new RestoreRunner(repository, snapshot, new RestoreOptions { Target = _temp.Sub("t") }).RunAsync(None));

        Assert.Contains("twice", e.Message);
    }

    public void Dispose() => _temp.Dispose();
}
