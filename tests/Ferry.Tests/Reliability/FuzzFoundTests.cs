using Ferry.Foreign;
using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Repository.Trees;
using Ferry.Storage.Memory;
using Ferry.Testing;
using Ferry.Testing.Foreign;

namespace Ferry.Tests.Reliability;

/// <summary>Inputs the decoder fuzzing found that crashed a decoder instead of being refused as damaged.</summary>
[Trait("Category", "Reliability")]
public sealed class FuzzFoundTests
{
    [Theory]
    [InlineData("{\"nodes\":[null]}")]
    [InlineData("{\"nodes\":null}")]
    public void A_tree_with_a_null_entry_or_name_is_refused_as_damaged(string json) =>
        Assert.Throws<CorruptDataException>(() => Tree.Parse(System.Text.Encoding.UTF8.GetBytes(json), "tree x"));

    [Fact]
    public void A_key_file_whose_salt_is_null_is_refused_as_damaged()
    {
        var json = "{\"version\":1,\"kdf\":\"argon2id\",\"memory_kib\":8192,\"passes\":1,\"parallelism\":1,\"salt\":null,\"wrapped_master_key\":null}"u8.ToArray();

        Assert.Throws<CorruptDataException>(() => KeyFile.Parse(json, "keys/x").TryUnwrap("test password"));
    }

    [Fact]
    public async Task A_zip_whose_central_directory_miscounts_its_entries_is_refused_as_damaged()
    {
        using var temp = new TempFolder();
        CherryArchive.WriteDataFolder(temp.Sub("data"));
        var zip = CherryArchive.Build(temp.Sub("data"));
        // End of central directory (no comment, the last 22 bytes): entries on this disk at offset 8, in total at 10.
        zip[^14]--;
        zip[^12]--;
        var store = new MemoryObjectStore();
        await store.PutAsync("backup.zip", zip, CancellationToken.None);

        await Assert.ThrowsAsync<CorruptDataException>(() =>
            ForeignArchive.OpenAsync(store, new ForeignBackup("backup.zip", "cherry-studio", "h", "linux", DateTime.UnixEpoch, zip.Length), CancellationToken.None));
    }
}
